/**
 * The shareable view, kept in the URL hash: centre and zoom, the time shown, the selected
 * vessel and event, the event filters and the track colouring. Reading a link restores it;
 * every change rewrites the hash (replaceState: the back button is not flooded).
 */

/** Event types listed when the link names none: the findings (port calls and zone crossings are routine, a click away). */
export const DEFAULT_TYPES: readonly string[] = ['encounter', 'loitering', 'gap', 'identity_change', 'spoofing', 'dark_detection', 'sanctions_hit'];

export interface View {
  center: [number, number] | null;
  zoom: number | null;
  /** epoch ms shown by the time slider */
  time: number | null;
  vessel: number | null;
  event: string | null;
  /** event types shown */
  types: string[];
  from: number | null;
  to: number | null;
  minConfidence: number;
  colorBy: 'flag' | 'category';
}

const num = (s: string | null): number | null => (s === null || s === '' || !Number.isFinite(Number(s)) ? null : Number(s));
const time = (s: string | null): number | null => {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
};
const iso = (t: number): string => new Date(t).toISOString().replace(/:00\.000Z$/, 'Z').replace(/\.000Z$/, 'Z');

export function parseView(hash: string): View {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const c = (p.get('c') ?? '').split(',').map(Number);
  const vessel = num(p.get('v'));
  return {
    center: c.length === 2 && c.every(Number.isFinite) && Math.abs(c[1]!) <= 90 ? [c[0]!, c[1]!] : null,
    zoom: num(p.get('z')),
    time: time(p.get('t')),
    vessel: vessel !== null && /^\d{9}$/.test(String(vessel)) ? vessel : null,
    event: p.get('e'),
    types: p.has('types') ? (p.get('types') ?? '').split(',').filter(Boolean) : [...DEFAULT_TYPES],
    from: time(p.get('from')),
    to: time(p.get('to')),
    minConfidence: Math.min(1, Math.max(0, num(p.get('conf')) ?? 0)),
    colorBy: p.get('color') === 'flag' ? 'flag' : 'category',
  };
}

export function formatView(v: View): string {
  const p = new URLSearchParams();
  if (v.center) p.set('c', `${v.center[0].toFixed(4)},${v.center[1].toFixed(4)}`);
  if (v.zoom !== null) p.set('z', v.zoom.toFixed(2));
  if (v.time !== null) p.set('t', iso(v.time));
  if (v.vessel !== null) p.set('v', String(v.vessel));
  if (v.event) p.set('e', v.event);
  if (v.types.join(',') !== DEFAULT_TYPES.join(',')) p.set('types', v.types.join(','));
  if (v.from !== null) p.set('from', iso(v.from));
  if (v.to !== null) p.set('to', iso(v.to));
  if (v.minConfidence > 0) p.set('conf', v.minConfidence.toFixed(2));
  if (v.colorBy !== 'category') p.set('color', v.colorBy);
  // keep separators readable in a shared link
  return p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}
