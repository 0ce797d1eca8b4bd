/**
 * Deterministic synthetic AIS traffic for store tests, the crash test and bench/store.ts:
 * `vessels` transmitters moving in straight lines, interleaved in time order like a real
 * feed, with every `dupEvery`-th record repeated (a second receiver hearing the same message)
 * and a static report per vessel every `staticEvery` records. Record i is a pure function
 * of i, so a run resumed at any index produces exactly what a clean run would.
 */
import type { Position, VesselStatic } from '../../src/records.js';

export interface SynthOptions {
  vessels?: number;
  t0?: number;
  /** ms between consecutive records of the whole feed */
  stepMs?: number;
  /** repeat every n-th record (0: never) */
  dupEvery?: number;
  /** a static report instead of a position every n-th record (0: never) */
  staticEvery?: number;
  source?: string;
}

export type SynthRecord = { kind: 'position'; rec: Position } | { kind: 'static'; rec: VesselStatic };

const NAMES = ['OCEAN GLORY', 'SEA STAR', 'NAMPO TRADER', 'KUM SONG', 'PACIFIC DAWN', 'LUCKY STAR', 'RYE SONG GANG'];

export class Synth {
  readonly vessels: number;
  readonly t0: number;
  readonly stepMs: number;
  readonly dupEvery: number;
  readonly staticEvery: number;
  readonly source: string;

  constructor(o: SynthOptions = {}) {
    this.vessels = o.vessels ?? 2000;
    this.t0 = o.t0 ?? Date.UTC(2024, 2, 1);
    this.stepMs = o.stepMs ?? 50;
    this.dupEvery = o.dupEvery ?? 0;
    this.staticEvery = o.staticEvery ?? 0;
    this.source = o.source ?? 'synth.nmea';
  }

  mmsiOf(v: number): number {
    return 201_000_000 + v * 1013;
  }

  /** Record i of the feed (a repeat of record i-1 when i is a multiple of dupEvery). */
  record(i: number): SynthRecord {
    // every dupEvery-th record repeats the one before it; originals keep their own sequence
    const d = this.dupEvery;
    const base = d > 0 ? (i > 0 && i % d === 0 ? i - 1 - Math.floor((i - 1) / d) : i - Math.floor(i / d)) : i;
    const t = this.t0 + base * this.stepMs;
    if (this.staticEvery > 0 && base % this.staticEvery === this.staticEvery - 1) {
      // vessels report statics in turn; every 5th vessel renames itself from its 3rd report on
      const n = Math.floor(base / this.staticEvery);
      const v = n % this.vessels;
      const nth = Math.floor(n / this.vessels);
      const mmsi = this.mmsiOf(v);
      const renamed = nth >= 2 && v % 5 === 0;
      return {
        kind: 'static',
        rec: {
          mmsi,
          t,
          imo: 9_000_000 + v,
          name: `${NAMES[v % NAMES.length]!}${renamed ? ' II' : ''} ${v}`,
          callsign: `CS${v}`,
          shipType: 70 + (v % 20),
          length: 100 + (v % 200),
          width: 20 + (v % 30),
          draught: 5 + (v % 10),
          destination: v % 2 ? 'NAMPO' : null,
          flag: v % 3 ? 'KP' : 'PA',
          source: this.source,
        },
      };
    }
    const v = (base * 7919) % this.vessels;
    const k = Math.floor(base / this.vessels);
    const mmsi = this.mmsiOf(v);
    const lat = 30 + (v % 50) * 0.3 + k * 0.0001;
    const lon = 120 + Math.floor(v / 50) * 0.3 + k * 0.00013;
    return {
      kind: 'position',
      rec: {
        mmsi,
        t,
        lat: Math.round(lat * 600000) / 600000,
        lon: Math.round(lon * 600000) / 600000,
        sog: (base % 200) / 10,
        cog: (base % 3600) / 10,
        heading: base % 7 === 0 ? null : base % 360,
        navStatus: base % 11 === 0 ? null : base % 16,
        source: this.source,
        msgType: 1 + (base % 3),
      },
    };
  }

  /** Records [from, to) split into positions and statics. */
  slice(from: number, to: number): { positions: Position[]; statics: VesselStatic[] } {
    const positions: Position[] = [];
    const statics: VesselStatic[] = [];
    for (let i = from; i < to; i++) {
      const r = this.record(i);
      if (r.kind === 'position') positions.push(r.rec);
      else statics.push(r.rec);
    }
    return { positions, statics };
  }
}
