import { beforeAll, describe, expect, it } from 'vitest';
import { decodeScenario, within, type Decoded, type Fix } from './helpers.js';
import { distanceM } from '../../src/sim/geodesy.js';
import { loadLand } from '../../src/sim/land.js';
import { SCENARIO_ZONES, inZone, NAMPO_ANCHORAGE, TERRITORIAL_SEA } from '../../src/sim/zones.js';
import { isValidImo } from '../../src/sim/identity.js';
import { CSV_HEADER } from '../../src/sim/writers.js';

const H = 3600000;
let d: Decoded;

beforeAll(() => {
  d = decodeScenario({ seed: 7, hours: 48, vessels: 160, intervalS: 90, staticIntervalS: 600 });
});

/** pairs each fix of `a` with the fix of `b` nearest in time (within `maxDt`) */
function paired(a: Fix[], b: Fix[], maxDt = 5 * 60000): [Fix, Fix][] {
  const out: [Fix, Fix][] = [];
  let j = 0;
  for (const f of a) {
    while (j + 1 < b.length && Math.abs(b[j + 1]!.t - f.t) <= Math.abs(b[j]!.t - f.t)) j++;
    const g = b[j];
    if (g && Math.abs(g.t - f.t) <= maxDt) out.push([f, g]);
  }
  return out;
}

describe('simulated scenario: ground truth', () => {
  it('plants every behaviour and negative the issue asks for', () => {
    const t = d.truth;
    const types = new Set(t.events.filter((e) => !e.optional).map((e) => e.type));
    for (const type of ['encounter', 'loitering', 'gap', 'identity_change', 'spoofing', 'port_visit', 'zone_entry', 'zone_exit']) expect(types, type).toContain(type);
    const kinds = new Set(t.events.filter((e) => e.type === 'spoofing').map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['circle', 'invalid_imo', 'invalid_mmsi', 'on_land', 'two_places']);
    const neg = new Set(t.negatives.map((n) => n.kind));
    expect([...neg].sort()).toEqual(['anchored_pair', 'pair_trawl', 'passing', 'short_gap', 'short_stop']);
    const enc = t.events.filter((e) => e.type === 'encounter');
    expect(enc.length).toBe(6);
    expect(enc.some((e) => e.flags?.includes('dark_partner'))).toBe(true);
    expect(enc.some((e) => e.flags?.includes('night'))).toBe(true);
    for (const e of enc) expect(e.flags).toContain('outside_territorial_sea');
    const zones = new Set(t.events.filter((e) => e.type === 'zone_entry' && !e.withoutZonesFile).map((e) => e.zone));
    expect([...zones].sort()).toEqual(['Nampo anchorage', 'Nampo port', 'West Sea Barrage']);
    // the default 12 nm line's crossings are truth only for an analysis without the zones file
    const shore = t.events.filter((e) => e.withoutZonesFile);
    expect(shore.length).toBeGreaterThan(10);
    expect(new Set(shore.map((e) => e.zone))).toEqual(new Set(['territorial_sea_12nm']));
    const mmsis = new Set(t.vessels.map((v) => v.mmsi));
    for (const e of t.events) for (const m of e.mmsi) expect(mmsis.has(m), `${e.type} ${m}`).toBe(true);
    for (const n of t.negatives) for (const m of n.mmsi) expect(mmsis.has(m)).toBe(true);
  });

  it('has a Chinese trawler fleet, North Korean and flag-of-convenience ships', () => {
    const mids = t2mids(d);
    expect((mids.get(412) ?? 0) + (mids.get(413) ?? 0) + (mids.get(414) ?? 0)).toBeGreaterThan(80);
    expect(mids.get(445) ?? 0).toBeGreaterThan(5);
    const foc = [511, 341, 667, 352, 620, 613, 457, 514].filter((m) => mids.has(m));
    expect(foc.length).toBeGreaterThanOrEqual(4);
  });

  it('changes one hull (one IMO) name, flag and callsign 2-3 times', () => {
    const ch = d.truth.events.filter((e) => e.type === 'identity_change');
    expect(ch.length).toBeGreaterThanOrEqual(2);
    expect(ch.length).toBeLessThanOrEqual(3);
    expect(new Set(ch.map((e) => e.imo)).size).toBe(1);
    const ids = d.truth.vessels.filter((v) => v.imo === ch[0]!.imo);
    expect(ids.length).toBe(ch.length + 1);
    expect(new Set(ids.map((v) => v.name)).size).toBe(ids.length);
    expect(new Set(ids.map((v) => v.flag)).size).toBe(ids.length);
    expect(new Set(ids.map((v) => v.callsign)).size).toBe(ids.length);
  });
});

function t2mids(x: Decoded): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of x.truth.vessels) m.set(Math.floor(v.mmsi / 1e6), (m.get(Math.floor(v.mmsi / 1e6)) ?? 0) + 1);
  return m;
}

describe('simulated scenario: the files', () => {
  it('decodes with zero rejects except the deliberately malformed lines', () => {
    const mal = d.truth.stats.malformedLines;
    expect(mal).toBeGreaterThanOrEqual(3);
    expect(d.rejects).toEqual({ checksum: mal });
    expect(d.lines).toBe(d.truth.stats.nmeaLines);
    expect(d.positions.length).toBe(d.truth.stats.positions - mal);
    expect(d.nmea.split('\n')[0]).toMatch(/^\\s:darkfleet-sim,c:\d{10}\*[0-9A-F]{2}\\!AIVDM,1,1,,[AB],/);
    expect(d.nmea).toMatch(/\\g:1-2-\d,s:darkfleet-sim,c:\d+\*[0-9A-F]{2}\\!AIVDM,2,1,\d,/);
  });

  it('carries the same positions in the NMEA and the CSV', () => {
    const rows = d.csv.trimEnd().split('\n');
    expect(rows[0]).toBe(CSV_HEADER);
    expect(rows.length - 1).toBe(d.truth.stats.csvRows);
    expect(Math.abs(rows.length - 1 - d.positions.length) / d.positions.length).toBeLessThanOrEqual(0.01);
    const fromNmea = new Map<string, Fix[]>();
    for (const p of d.positions) {
      const k = `${p.mmsi} ${p.t}`;
      fromNmea.set(k, [...(fromNmea.get(k) ?? []), p]);
    }
    let same = 0;
    for (const r of rows.slice(1)) {
      const c = r.split(',');
      expect(c.length).toBe(17);
      const ps = fromNmea.get(`${c[0]} ${Date.parse(`${c[1]}Z`)}`) ?? [];
      if (ps.some((p) => Math.abs(p.lat - Number(c[2])) <= 6e-6 && Math.abs(p.lon - Number(c[3])) <= 6e-6 && Math.abs(p.sog - Number(c[4])) < 0.01)) same++;
    }
    expect(same).toBe(rows.length - 1);
  });

  it('puts no position on land except the on-land spoofing case', () => {
    const land = loadLand();
    const spoof = d.truth.events.filter((e) => e.type === 'spoofing' && e.kind === 'on_land');
    expect(spoof.length).toBe(1);
    const s = spoof[0]!;
    const a = Date.parse(s.start);
    const b = Date.parse(s.end);
    let onLand = 0;
    for (const p of d.positions) {
      const inCase = p.mmsi === s.mmsi[0] && p.t >= a && p.t < b;
      if (inCase) {
        expect(land.isLand(p.lat, p.lon)).toBe(true);
        onLand++;
      } else if (land.isLand(p.lat, p.lon)) throw new Error(`position on land: ${JSON.stringify(p)}`);
    }
    expect(onLand).toBeGreaterThan(3);
  });
});

describe('simulated scenario: the data supports the truth', () => {
  it('planted encounter pairs are < 500 m apart and < 2 kn for >= 2 h', () => {
    for (const e of d.truth.events.filter((x) => x.type === 'encounter')) {
      const [m1, m2] = e.mmsi as [number, number];
      const a = within(d.byMmsi.get(m1), e.start, e.end);
      const b = within(d.byMmsi.get(m2), e.start, e.end);
      const dark = e.flags?.includes('dark_partner');
      const [loud, quiet] = a.length >= b.length ? [a, b] : [b, a];
      const close = paired(quiet, loud).filter(([f, g]) => distanceM(f, g) < 500 && f.sog < 2 && g.sog < 2);
      expect(close.length, `encounter ${e.mmsi}`).toBeGreaterThan(3);
      const spanH = (close[close.length - 1]![0].t - close[0]![0].t) / H;
      expect(spanH).toBeGreaterThanOrEqual(2);
      if (dark) {
        // silent in the middle: nothing heard from the quiet side between +30 min and -30 min
        const mid = quiet.filter((f) => f.t > Date.parse(e.start) + 31 * 60000 && f.t < Date.parse(e.end) - 31 * 60000);
        expect(mid.length).toBe(0);
      } else {
        expect(close.length / quiet.length).toBeGreaterThan(0.9);
      }
    }
  });

  it('pair trawlers keep 2.5-4 kn and 200-500 m apart', () => {
    const pairs = d.truth.negatives.filter((n) => n.kind === 'pair_trawl');
    expect(pairs.length).toBeGreaterThan(10);
    for (const n of pairs) {
      const a = within(d.byMmsi.get(n.mmsi[0]!), n.start, n.end);
      const b = within(d.byMmsi.get(n.mmsi[1]!), n.start, n.end);
      for (const f of [...a, ...b]) {
        expect(f.sog).toBeGreaterThanOrEqual(2.5);
        expect(f.sog).toBeLessThanOrEqual(4);
      }
      const pp = paired(a, b, 30000);
      expect(pp.length).toBeGreaterThan(10);
      for (const [f, g] of pp) {
        const dist = distanceM(f, g);
        expect(dist).toBeGreaterThan(150);
        expect(dist).toBeLessThan(560);
      }
    }
  });

  it('passing ships come within 400 m at more than 8 kn', () => {
    const ps = d.truth.negatives.filter((n) => n.kind === 'passing');
    expect(ps.length).toBeGreaterThanOrEqual(2);
    for (const n of ps) {
      const a = within(d.byMmsi.get(n.mmsi[0]!), n.start, n.end);
      const b = within(d.byMmsi.get(n.mmsi[1]!), n.start, n.end);
      for (const f of [...a, ...b]) expect(f.sog).toBeGreaterThan(8);
      // closest approach from positions interpolated at a common time
      const t = (Date.parse(n.start) + Date.parse(n.end)) / 2;
      const pa = interp(d.byMmsi.get(n.mmsi[0]!)!, t);
      const pb = interp(d.byMmsi.get(n.mmsi[1]!)!, t);
      expect(distanceM(pa, pb)).toBeLessThan(400);
    }
  });

  it('anchored pairs lie inside the Nampo anchorage, side by side', () => {
    const ap = d.truth.negatives.filter((n) => n.kind === 'anchored_pair');
    expect(ap.length).toBe(1);
    const n = ap[0]!;
    const a = within(d.byMmsi.get(n.mmsi[0]!), n.start, n.end);
    const b = within(d.byMmsi.get(n.mmsi[1]!), n.start, n.end);
    expect(a.length).toBeGreaterThan(10);
    for (const f of [...a, ...b]) {
      expect(inZone(NAMPO_ANCHORAGE, f)).toBe(true);
      expect(f.sog).toBeLessThan(0.6);
    }
    for (const [f, g] of paired(a, b, 10 * 60000)) expect(distanceM(f, g)).toBeLessThan(300);
    expect(Date.parse(n.end) - Date.parse(n.start)).toBeGreaterThanOrEqual(3 * H);
  });

  it('gaps are 12-40 h of silence with positions either side; short gaps are 3-8 h', () => {
    const check = (mmsi: number, start: string, end: string, lo: number, hi: number): void => {
      const fixes = d.byMmsi.get(mmsi)!;
      const a = Date.parse(start);
      const b = Date.parse(end);
      expect((b - a) / H).toBeGreaterThanOrEqual(lo);
      expect((b - a) / H).toBeLessThanOrEqual(hi);
      expect(fixes.filter((f) => f.t >= a && f.t < b).length).toBe(0);
      expect(fixes.some((f) => f.t < a && f.t > a - H)).toBe(true);
      expect(fixes.some((f) => f.t >= b && f.t < b + H)).toBe(true);
    };
    const gaps = d.truth.events.filter((e) => e.type === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const g of gaps) check(g.mmsi[0]!, g.start, g.end, 12, 40);
    const shorts = d.truth.negatives.filter((n) => n.kind === 'short_gap');
    expect(shorts.length).toBeGreaterThanOrEqual(2);
    for (const n of shorts) check(n.mmsi[0]!, n.start, n.end, 3, 8);
    // nobody else goes quiet for 12 h or more while in the scenario
    const planted = new Set(gaps.map((g) => g.mmsi[0]));
    for (const [m, fixes] of d.byMmsi) {
      if (planted.has(m)) continue;
      for (let k = 1; k < fixes.length; k++) expect(fixes[k]!.t - fixes[k - 1]!.t, `mmsi ${m}`).toBeLessThan(12 * H);
    }
  });

  it('the short stop is a 1 h stop', () => {
    for (const n of d.truth.negatives.filter((x) => x.kind === 'short_stop')) {
      const f = within(d.byMmsi.get(n.mmsi[0]!), n.start, n.end);
      expect(f.length).toBeGreaterThan(5);
      for (const x of f) expect(x.sog).toBeLessThan(0.5);
      expect(Date.parse(n.end) - Date.parse(n.start)).toBe(H);
    }
  });

  it('spoofing cases show in the data', () => {
    const sp = d.truth.events.filter((e) => e.type === 'spoofing');
    const bad = sp.filter((e) => e.kind === 'invalid_mmsi').map((e) => e.mmsi[0]);
    expect(bad.sort()).toEqual([123456789, 445000000]);
    for (const m of bad) expect(d.byMmsi.get(m!)!.length).toBeGreaterThan(100);
    const imo = sp.find((e) => e.kind === 'invalid_imo')!;
    const s5 = d.statics.filter((s) => Number(s.mmsi) === imo.mmsi[0] && Number(s.type) === 5);
    expect(s5.length).toBeGreaterThan(3);
    for (const s of s5) expect(isValidImo(Number(s.imo))).toBe(false);
    const two = sp.find((e) => e.kind === 'two_places')!;
    const f = within(d.byMmsi.get(two.mmsi[0]!), two.start, two.end);
    let far = 0;
    for (let k = 1; k < f.length; k++) if (distanceM(f[k]!, f[k - 1]!) > 80000 && f[k]!.t - f[k - 1]!.t < 30 * 60000) far++;
    expect(far).toBeGreaterThan(10);
    const circle = sp.find((e) => e.kind === 'circle')!;
    const c = within(d.byMmsi.get(circle.mmsi[0]!), circle.start, circle.end);
    const radii = c.map((x) => distanceM(x, { lat: circle.lat!, lon: circle.lon! }));
    expect(Math.max(...radii) - Math.min(...radii)).toBeLessThan(100);
    expect(c.every((x) => x.sog > 5)).toBe(true);
  });

  it('zone truth follows the tracks: every zone entry has positions inside its zone', () => {
    const zones = new Map(SCENARIO_ZONES.map((z) => [z.name, z]));
    const land = loadLand();
    for (const e of d.truth.events.filter((x) => x.type === 'zone_entry' && !x.optional && x.withoutZonesFile)) {
      // the 12 nm line: a fix within 12 nm of the coast, in West Korea Bay, during the stay
      const [w, s, ea, n] = TERRITORIAL_SEA.box;
      const f = within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end);
      expect(f.some((x) => x.lat >= s && x.lat <= n && x.lon >= w && x.lon <= ea && land.distanceToShoreM(x.lat, x.lon) <= TERRITORIAL_SEA.maxShoreM), `${e.mmsi} ${e.start}`).toBe(true);
    }
    for (const e of d.truth.events.filter((x) => x.type === 'zone_entry' && !x.optional && !x.withoutZonesFile)) {
      const f = within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end);
      expect(f.some((x) => inZone(zones.get(e.zone!)!, x)), `${e.mmsi} ${e.zone} ${e.start}`).toBe(true);
    }
    for (const e of d.truth.events.filter((x) => x.type === 'port_visit' && !x.optional)) {
      const f = within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end);
      expect(f.filter((x) => x.sog < 0.2).length).toBeGreaterThan(5);
    }
  });
});

function interp(fixes: Fix[], t: number): { lat: number; lon: number } {
  let k = fixes.findIndex((f) => f.t >= t);
  if (k <= 0) k = 1;
  const a = fixes[k - 1]!;
  const b = fixes[k]!;
  const f = (t - a.t) / (b.t - a.t);
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}

describe('truth of what sparse reports can show', () => {
  it('a spoof onto land is required only when received three times, or twice 30 min apart (seeds 2601, 2603: every 45 min)', () => {
    const optional: boolean[] = [];
    for (const [seed, loss] of [[2601, 0.1], [2603, 0.2]] as const) {
      const d = decodeScenario({ seed, hours: 36, vessels: 200, realism: true, intervalS: 2700, loss });
      const spoofs = d.truth.events.filter((e) => e.type === 'spoofing' && e.kind === 'on_land');
      expect(spoofs.length, `seed ${seed}`).toBe(1);
      const e = spoofs[0]!;
      const inland = within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end);
      const seen = inland.length >= 3 || (inland.length === 2 && inland[1]!.t - inland[0]!.t >= 30 * 60_000);
      expect(Boolean(e.optional), `seed ${seed}: ${inland.length} received inland`).toBe(!seen);
      optional.push(Boolean(e.optional));
    }
    // one heard enough, one not: both sides of the rule are met
    expect(optional.sort()).toEqual([false, true]);
  }, 120_000);

  it('a zone crossing is required only when the ship was received inside the zone (seed 2602: hourly reports miss short stays)', () => {
    const d = decodeScenario({ seed: 2602, hours: 48, vessels: 200, realism: true, movement: true, intervalS: 3600, staticIntervalS: 3600, loss: 0.1 });
    const zones = new Map(SCENARIO_ZONES.map((z) => [z.name, z]));
    const land = loadLand();
    const [w, s, ea, n] = TERRITORIAL_SEA.box;
    const inside = (e: (typeof d.truth.events)[number], x: Fix): boolean =>
      e.withoutZonesFile ? x.lat >= s && x.lat <= n && x.lon >= w && x.lon <= ea && land.distanceToShoreM(x.lat, x.lon) <= TERRITORIAL_SEA.maxShoreM : inZone(zones.get(e.zone!)!, x);
    const crossings = d.truth.events.filter((e) => e.type === 'zone_entry' || e.type === 'zone_exit');
    for (const e of crossings.filter((x) => !x.optional)) {
      expect(within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end).some((x) => inside(e, x)), `${e.type} ${e.mmsi} ${e.zone} ${e.start}`).toBe(true);
    }
    const unheard = crossings.filter((e) => e.optional && /no report received/.test(e.note ?? ''));
    expect(unheard.length).toBeGreaterThan(3);
  }, 120_000);
});
