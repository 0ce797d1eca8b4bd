/** Colours of the map: the basemap, event types, ship categories and flags (legible on the dark sea). */

export const BASE = {
  sea: '#0b1723',
  land: '#26303a',
  coast: '#4b5a68',
  territorial: '#e8c547',
  zone: '#59c3c3',
  anchorage: '#b48ead',
};

export const EVENT_COLORS: Record<string, string> = {
  encounter: '#ff4d4f',
  loitering: '#ffa940',
  gap: '#9254de',
  identity_change: '#36cfc9',
  spoofing: '#f759ab',
  port_visit: '#8c8c8c',
  zone_entry: '#597ef7',
  zone_exit: '#2f54eb',
  dark_detection: '#ffec3d',
  sanctions_hit: '#ff7a45',
  convoy: '#73d13d',
  destination_change: '#bae637',
};

export const CATEGORY_COLORS: Record<string, string> = {
  tanker: '#ff7875',
  cargo: '#69b1ff',
  fishing: '#95de64',
  passenger: '#d3adf7',
  tug: '#ffd666',
  high_speed: '#ffc069',
  special: '#87e8de',
  pleasure: '#ffadd2',
  military: '#bfbfbf',
  law_enforcement: '#bfbfbf',
  sar: '#bfbfbf',
  other: '#a0a0a0',
  unknown: '#7a8591',
};

/** Distinct colours for the most frequent flags; the rest are grey. */
export const FLAG_PALETTE = ['#ff7875', '#ffd666', '#69b1ff', '#95de64', '#d3adf7', '#ffc069', '#87e8de', '#ffadd2', '#b7eb8f', '#adc6ff'];
export const OTHER = '#7a8591';

/** A flag -> colour table for the flags seen, most frequent first (North Korea always red: the map is about it). */
export function flagColors(flags: (string | null)[]): Record<string, string> {
  const count = new Map<string, number>();
  for (const f of flags) if (f) count.set(f, (count.get(f) ?? 0) + 1);
  const order = [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([f]) => f);
  const out: Record<string, string> = {};
  const palette = FLAG_PALETTE.filter((c) => c !== '#ff7875');
  if (count.has('KP')) out.KP = '#ff4d4f';
  let i = 0;
  for (const f of order) {
    if (f in out) continue;
    if (i >= palette.length) break;
    out[f] = palette[i++]!;
  }
  return out;
}
