/** Shared fixtures for the simulator tests: one generated scenario, decoded back. */
import { AisStream } from '../../src/ais/stream.js';
import { generate } from '../../src/sim/index.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';

export interface Fix {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  sog: number;
}

export interface Decoded {
  truth: GroundTruth;
  nmea: string;
  csv: string;
  positions: Fix[];
  byMmsi: Map<number, Fix[]>;
  statics: Record<string, unknown>[];
  rejects: Record<string, number>;
  lines: number;
}

export function decodeScenario(opts: Parameters<typeof generate>[0]): Decoded {
  const g = generate(opts);
  const nmea = g.nmea.join('');
  const stream = new AisStream({});
  const positions: Fix[] = [];
  const statics: Record<string, unknown>[] = [];
  const all = stream.decodeAll(nmea);
  for (const m of all) {
    const type = Number(m.type);
    if (type === 1 || type === 18) {
      positions.push({ mmsi: Number(m.mmsi), t: Date.parse(String(m.rxtime)), lat: Number(m.lat), lon: Number(m.lon), sog: Number(m.speed) });
    } else statics.push(m);
  }
  const byMmsi = new Map<number, Fix[]>();
  for (const p of positions) {
    let l = byMmsi.get(p.mmsi);
    if (!l) byMmsi.set(p.mmsi, (l = []));
    l.push(p);
  }
  return { truth: g.truth, nmea, csv: g.csv.join(''), positions, byMmsi, statics, rejects: stream.stats.rejects, lines: stream.stats.lines };
}

export function within(fixes: readonly Fix[] | undefined, start: string, end: string): Fix[] {
  const a = Date.parse(start);
  const b = Date.parse(end);
  return (fixes ?? []).filter((f) => f.t >= a && f.t <= b);
}
