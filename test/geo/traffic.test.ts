/**
 * The traffic layer (src/geo/traffic.ts): synthetic cases with known truth, then the real DMA
 * (Danish waters, 5 minutes) and NOAA MarineCadastre (U.S. waters, 2022-01-03, first 100k rows)
 * samples read through the project's own readers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceToShoreM, isOnLand } from '../../src/geo/land.js';
import { haversineM, nmToM } from '../../src/geo/distance.js';
import { TERRITORIAL_SEA_M, TrafficGrid, TrafficLayer, scaledMinVessels, type AnchorageGeo, type TrafficRows } from '../../src/geo/traffic.js';
import { Distinct, EXACT_MAX } from '../../src/geo/traffic-sketch.js';
import { readInput } from '../../src/sources/read.js';
import type { Position } from '../../src/records.js';
import { sharedData } from './shared-data.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const pos = (mmsi: number, t: number, lat: number, lon: number, sog: number | null): Position => ({
  mmsi,
  t,
  lat,
  lon,
  sog,
  cog: null,
  heading: null,
  navStatus: null,
  source: 'test',
});
/** `n` ship MMSIs (German MID 211) */
const ships = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => 211_000_001 + from + i);

/** Rows in a canonical order, for equality. */
function canon(r: TrafficRows): TrafficRows {
  return {
    ...r,
    cells: [...r.cells].sort((a, b) => a.cell - b.cell),
    coverage: [...r.coverage].sort((a, b) => a.cell - b.cell || a.hour - b.hour),
    hours: [...r.hours].sort((a, b) => a.hour - b.hour),
  };
}

async function readPositions(file: string): Promise<Position[]> {
  const out: Position[] = [];
  for await (const b of readInput(file)) for (const p of b.positions) out.push(p);
  return out;
}

describe('distinct sketch', () => {
  it('is exact up to EXACT_MAX, then a HyperLogLog within a few percent; merge is a union', () => {
    const d = new Distinct();
    for (let i = 0; i < 2 * EXACT_MAX; i++) d.add(211_000_000 + (i % EXACT_MAX));
    expect(d.exact).toBe(true);
    expect(d.count()).toBe(EXACT_MAX);
    const a = new Distinct(), b = new Distinct(), all = new Distinct();
    for (let i = 0; i < 3000; i++) {
      (i % 2 ? a : b).add(200_000_000 + i * 7);
      all.add(200_000_000 + i * 7);
    }
    expect(Math.abs(all.count() - 3000) / 3000).toBeLessThan(0.15);
    a.merge(b);
    expect(a.encode()).toBe(all.encode()); // register-wise max = sketch of the union
    expect(Distinct.decode(all.encode()).count()).toBe(all.count());
    expect(Distinct.decode('e:5,3').count()).toBe(2);
    expect(() => Distinct.decode('x:1')).toThrow(/e: or h:/);
  });
});

describe('isWater (synthetic)', () => {
  const lat = 54.35, lon = 9.77; // Kiel Canal at Rendsburg: land in Natural Earth 1:10m
  const cross = (mmsis: number[], sog: number): Position[] => mmsis.map((m, i) => pos(m, T0 + i * 60_000, lat, lon, sog));

  it('needs minVessels distinct vessels moving at plausible speed', () => {
    expect(isOnLand(lat, lon)).toBe(true);
    expect(new TrafficLayer().addAll(cross(ships(2), 8)).isWater(lat, lon)).toBe(false);
    // the same two vessels again (another hour) are still two vessels
    const two = new TrafficLayer().addAll(cross(ships(2), 8)).addAll(cross(ships(2), 8).map((p) => ({ ...p, t: p.t + 5 * H })));
    expect(two.isWater(lat, lon)).toBe(false);
    expect(new TrafficLayer().addAll(cross(ships(3), 8)).isWater(lat, lon)).toBe(true);
    expect(new TrafficLayer({ water: { minVessels: 4 } }).addAll(cross(ships(3), 8)).isWater(lat, lon)).toBe(false);
    // stationary, implausibly fast, unknown speed, or not a vessel: no evidence
    expect(new TrafficLayer().addAll(cross(ships(5), 0.2)).isWater(lat, lon)).toBe(false);
    expect(new TrafficLayer().addAll(cross(ships(5), 45)).isWater(lat, lon)).toBe(false);
    expect(new TrafficLayer().addAll(cross(ships(5), 0.7)).isWater(lat, lon)).toBe(false);
    expect(new TrafficLayer().addAll(cross([111_211_001, 111_211_002, 111_211_003], 8)).isWater(lat, lon)).toBe(false); // SAR aircraft
    expect(new TrafficLayer().addAll(cross([992_111_001, 992_111_002, 992_111_003], 8)).isWater(lat, lon)).toBe(false); // AtoN
    expect(new TrafficLayer().isWater(lat, lon)).toBe(false);
  });

  it('with ring 1 counts the neighbours too, and only them', () => {
    const grid = TrafficGrid.of(500);
    const cell = grid.cellOf(lat, lon);
    const ring = grid.neighbours(cell);
    // 2 in the row and 2 or 3 in each adjacent row (columns of adjacent rows are offset like bricks)
    expect(ring.length).toBeGreaterThanOrEqual(6);
    expect(ring.length).toBeLessThanOrEqual(8);
    // three vessels, each in a different neighbour cell of `cell`
    const ps = ships(3).map((m, i) => {
      const [la, lo] = grid.center(ring[i]!);
      return pos(m, T0, la, lo, 6);
    });
    expect(new TrafficLayer().addAll(ps).isWater(lat, lon)).toBe(false);
    const l1 = new TrafficLayer({ water: { ring: 1 } }).addAll(ps);
    expect(l1.isWater(lat, lon)).toBe(true);
    const d2 = grid.disk(cell, 2);
    expect(d2.length).toBeGreaterThan(15);
    const far = grid.disk(cell, 3).filter((c) => !d2.includes(c))[0]!;
    const [fla, flo] = grid.center(far);
    expect(l1.isWater(fla, flo)).toBe(false);
  });

  it('grid cells are ~cellM square everywhere, keys are dense and round-trip', () => {
    const grid = TrafficGrid.of(500);
    expect(grid.size).toBeLessThan(2 ** 31);
    fc.assert(
      fc.property(fc.double({ min: -85, max: 85, noNaN: true }), fc.double({ min: -180, max: 179.999999, noNaN: true }), (la, lo) => {
        const c = grid.cellOf(la, lo);
        expect(grid.isCell(c)).toBe(true);
        const [s, w, n, e] = grid.bounds(c);
        expect(la).toBeGreaterThanOrEqual(s - 1e-9);
        expect(la).toBeLessThanOrEqual(n + 1e-9);
        expect(lo).toBeGreaterThanOrEqual(w - 1e-9);
        expect(lo).toBeLessThanOrEqual(e + 1e-9);
        const [cla, clo] = grid.center(c);
        expect(grid.cellOf(cla, clo)).toBe(c);
        const heightM = haversineM(s, w, n, w), widthM = haversineM(cla, w, cla, e);
        expect(heightM).toBeGreaterThan(490);
        expect(heightM).toBeLessThanOrEqual(500.001);
        expect(Math.abs(widthM - heightM) / heightM).toBeLessThan(0.01);
        for (const nb of grid.neighbours(c)) expect(grid.neighbours(nb)).toContain(c);
      }),
      { numRuns: 500 },
    );
    expect(grid.cellOf(10, 180)).toBe(grid.cellOf(10, -180));
    expect(grid.isCell(grid.cellOf(90, 0))).toBe(true);
    expect(grid.isCell(grid.cellOf(-90, 0))).toBe(true);
  });

  it('isWater answers from the compiled water cells (random points around lanes, the antimeridian, the Arctic)', () => {
    const layer = new TrafficLayer({ water: { ring: 1 } });
    // a few lanes of ten vessels each, near the antimeridian and a pole too
    for (const [la, lo] of [[54.35, 9.77], [29.7, -95.0], [-16.5, 179.99], [78.2, 15.6]] as const) {
      for (const m of ships(10)) for (let k = 0; k < 20; k++) layer.add(pos(m, T0 + k * 60_000, la + k * 0.004, lo + k * 0.004, 10));
    }
    const water = layer.waterCells();
    expect(water.size).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true }), (k, dla, dlo) => {
        const base = [[54.35, 9.77], [29.7, -95.0], [-16.5, 179.99], [78.2, 15.6]][k]!;
        const la = base[0]! + dla;
        const lo = ((base[1]! + dlo + 540) % 360) - 180;
        expect(layer.isWater(la, lo)).toBe(water.has(layer.grid.cellOf(la, lo)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('incremental, order-free, mergeable, serializable', () => {
  // 40 vessels over 30 hours across three areas, moving and stopped
  const data: Position[] = [];
  for (const [i, m] of ships(40).entries()) {
    for (let k = 0; k < 30; k++) {
      const t = T0 + k * H + i * 37_000;
      data.push(pos(m, t, 54.1 + (i % 5) * 0.01 + k * 0.001, 12.1 + (i % 3) * 0.01, i % 4 === 0 ? 0.1 : 9));
      if (k % 7 === 0) data.push(pos(m, t + 1000, 29.7, -95.0, 0.3));
    }
  }

  it('gives the same rows whatever the order or chunking of its input', () => {
    const whole = canon(new TrafficLayer().addAll(data).toRows());
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: data.length, maxLength: data.length }), fc.integer({ min: 1, max: 5 }), (keys, parts) => {
        const shuffled = data.map((p, i) => [keys[i]!, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
        const layers = Array.from({ length: parts }, () => new TrafficLayer());
        shuffled.forEach((p, i) => layers[i % parts]!.add(p));
        const merged = layers.reduce((a, b) => a.merge(b));
        expect(canon(merged.toRows())).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });

  it('the per-vessel fast path counts exactly what one layer per position, merged, counts', () => {
    // three vessels wandering ~100 m a step across cell edges, switching speed class and hour
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0.1, 9, 0.7, null)), { minLength: 1, maxLength: 150 }), (steps) => {
        const at = [[54.1, 12.1], [54.1, 12.1], [-16.5, 179.995]];
        const ps = steps.map(([v, dla, dlo, sog], i) => {
          const q = at[v]!;
          q[0] = q[0]! + dla * 0.001;
          q[1] = ((q[1]! + dlo * 0.0015 + 540) % 360) - 180;
          return pos(211_000_001 + v, T0 + i * 97_000, q[0], q[1], sog);
        });
        const whole = new TrafficLayer().addAll(ps);
        const merged = ps.map((p) => new TrafficLayer().addAll([p])).reduce((x, y) => x.merge(y));
        expect(canon(whole.toRows())).toEqual(canon(merged.toRows()));
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips through rows and JSON, and merges after the round trip', () => {
    const a = new TrafficLayer().addAll(data.slice(0, 500));
    const b = new TrafficLayer().addAll(data.slice(500));
    const rows = JSON.parse(JSON.stringify(a.toRows())) as TrafficRows;
    const back = TrafficLayer.fromRows(rows);
    expect(canon(back.toRows())).toEqual(canon(a.toRows()));
    back.merge(TrafficLayer.fromRows(b.toRows()));
    expect(canon(back.toRows())).toEqual(canon(new TrafficLayer().addAll(data).toRows()));
    expect(() => new TrafficLayer({ cellM: 250 }).merge(a)).toThrow(/different cellM/);
    expect(() => TrafficLayer.fromRows({ ...rows, cells: [{ ...rows.cells[0]!, cell: -1 }] })).toThrow(/not a cell of the 500 m grid/);
    expect(() => TrafficLayer.fromRows({ ...rows, cells: [{ ...rows.cells[0]!, cell: 1.5 }] })).toThrow(/not a cell of the 500 m grid/);
  });

  it('adding the same positions twice leaves distinct counts alone and doubles position counts (the contract)', () => {
    const once = new TrafficLayer().addAll(data);
    const twice = new TrafficLayer().addAll(data).addAll(data);
    const r1 = canon(once.toRows()), r2 = canon(twice.toRows());
    expect(r2.cells.map((c) => [c.cell, c.movingVessels, c.movingHours, c.stationaryVessels, c.stationaryHours, c.movingFirstMs, c.stationaryLastMs])).toEqual(
      r1.cells.map((c) => [c.cell, c.movingVessels, c.movingHours, c.stationaryVessels, c.stationaryHours, c.movingFirstMs, c.stationaryLastMs]),
    );
    expect(r2.cells.map((c) => c.movingPositions)).toEqual(r1.cells.map((c) => 2 * c.movingPositions));
    const c = once.cellAt(29.7, -95.0);
    expect(c.movingVessels).toBe(0);
    expect(Math.abs(c.stationaryVessels - 40)).toBeLessThanOrEqual(4); // 40 > 32 members: a HyperLogLog estimate
    expect(c.stationaryHours).toBeGreaterThan(150); // 40 vessels x 5 hours, HyperLogLog estimate
    expect(c.stationaryHours).toBeLessThan(250);
  });
});

describe('coverage (synthetic)', () => {
  const lat = 20, lon = -40; // mid-Atlantic
  const layer = new TrafficLayer();
  const A = 211_000_001, B = 211_000_002, C = 211_000_003;
  for (const h of [0, 1, 2]) layer.add(pos(A, T0 + h * H + 10, lat, lon, 12));
  layer.add(pos(B, T0 + 5 * H + 10, lat + 0.05, lon, 12)); // same coarse cell or a neighbour
  layer.add(pos(B, T0 + 1 * H + 20, lat, lon + 0.02, 12));
  layer.add(pos(C, T0 + 8 * H, 50, -30, 12)); // far away: data exists that hour, but not here

  it('counts hours in which other vessels were heard around the point', () => {
    const all = layer.coverage(lat, lon, T0, T0 + 10 * H);
    expect(all).toMatchObject({ hours: 10, hoursWithData: 5, hoursHeard: 4 });
    expect(all.fraction).toBeCloseTo(0.4, 10);
    expect(all.vesselsPerHour).toBeCloseTo((1 + 2 + 1 + 1) / 10, 10);
    const others = layer.coverage(lat, lon, T0, T0 + 10 * H, { excludeMmsi: A });
    expect(others).toMatchObject({ hours: 10, hoursHeard: 2, fraction: 0.2 });
    expect(others.vesselsPerHour).toBeCloseTo(0.2, 10);
    expect(layer.coverage(lat, lon, T0 + 3 * H, T0 + 5 * H)).toMatchObject({ hours: 2, hoursHeard: 0 }); // [3h, 5h) touches hours 3 and 4
    expect(layer.coverage(50, -30, T0, T0 + 10 * H, { ring: 0 })).toMatchObject({ hoursHeard: 1, cells: [layer.coverageGrid.cellOf(50, -30)] });
  });

  it('says which hours the layer holds no data for at all', () => {
    const d = layer.dataCoverage(T0, T0 + 10 * H);
    expect(d).toMatchObject({ hours: 10, hoursWithData: 5, fraction: 0.5 });
    expect(d.missing).toEqual([
      { fromMs: T0 + 3 * H, toMs: T0 + 5 * H },
      { fromMs: T0 + 6 * H, toMs: T0 + 8 * H },
      { fromMs: T0 + 9 * H, toMs: T0 + 10 * H },
    ]);
    expect(layer.hasDataThroughout(T0, T0 + 3 * H)).toBe(true);
    expect(layer.hasDataThroughout(T0, T0 + 4 * H)).toBe(false);
    expect(layer.dataHours).toBe(5);
  });
});

describe('learned anchorages (synthetic)', () => {
  /** `n` vessels stopped around (lat, lon) for `hours` hours each */
  const stops = (lat: number, lon: number, n: number, hours = 4): Position[] =>
    ships(n).flatMap((m, i) => Array.from({ length: hours * 6 }, (_, k) => pos(m, T0 + k * 600_000, lat + (i % 3) * 0.002, lon + (i % 4) * 0.003, 0.1)));

  it('scales minVessels with the span of the data: 3 for days, 20 for a year', () => {
    expect(scaledMinVessels(1)).toBe(3);
    expect(scaledMinVessels(24 * 30)).toBe(3);
    expect(scaledMinVessels(24 * 100)).toBe(5);
    expect(scaledMinVessels(24 * 365)).toBe(20);
    expect(scaledMinVessels(24 * 365 * 7)).toBe(20);
  });

  it('learns a stop cluster off Rostock and names it after the port', () => {
    const a = new TrafficLayer().addAll(stops(54.17, 12.09, 8)).learnedAnchorages();
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ label: 'ROSTOCK', iso3: 'DEU', distinctVessels: 8, hours: 32 });
    expect(a[0]!.portDistanceM).toBeLessThan(20_000);
    expect(a[0]!.cells.length).toBeGreaterThanOrEqual(1);
    expect(new TrafficLayer().addAll(stops(54.17, 12.09, 2)).learnedAnchorages()).toEqual([]); // two vessels: an STS pair, not an anchorage
  });

  it('never learns an offshore stop cluster, however many vessels stop there', () => {
    // North Sea, ~100 km from any coast (real Natural Earth distance checked)
    expect(distanceToShoreM(55.0, 4.0)).toBeGreaterThan(TERRITORIAL_SEA_M);
    const layer = new TrafficLayer().addAll(stops(55.0, 4.0, 30, 24));
    expect(layer.learnedAnchorages()).toEqual([]);
    expect(layer.learnedAnchorages({ maxShoreM: 1e6, portSearchM: 1e6 })).toEqual([]); // 12 nm is a ceiling, not a default
  });

  it('drops cells beyond 12 nm before clustering and needs a port within reach', () => {
    // a synthetic coast: shore distance grows 1 km per 0.01 degree of latitude north of 60N; a port at 60.2N 5E
    const geo: AnchorageGeo = {
      distanceToShoreM: (la) => Math.max(0, (la - 60) * 100_000),
      nearestAnchorage: (la, lo) => ({ label: 'SYNTH', iso3: 'XXX', distanceM: haversineM(la, lo, 60.2, 5) }),
    };
    const at = (la: number, n = 5) => new TrafficLayer().addAll(stops(la, 5, n)).learnedAnchorages({ geo });
    expect(at(60.2)).toHaveLength(1); // 20 km from shore
    expect(at(60.2)[0]).toMatchObject({ label: 'SYNTH', distinctVessels: 5 });
    expect(at(60.24)).toEqual([]); // 24 km > 22.224 km
    expect(new TrafficLayer().addAll(stops(60.1, 5, 5)).learnedAnchorages({ geo, portSearchM: 5000 })).toEqual([]); // port 11 km away
    // one chain of stopped cells from 21 to 24 km offshore: only its cells within 12 nm remain
    const chain = Array.from({ length: 40 }, (_, k) => stops(60.21 + k * 0.001, 5, 4)).flat();
    const learned = new TrafficLayer().addAll(chain).learnedAnchorages({ geo });
    expect(learned).toHaveLength(1);
    for (const c of learned[0]!.cells) expect(TrafficGrid.of(500).center(c)[0]).toBeLessThanOrEqual(60.22224);
  });

  it('exports anchorages and water cells as GeoJSON', () => {
    const layer = new TrafficLayer().addAll(stops(54.17, 12.09, 5));
    for (const m of ships(3, 100)) layer.add(pos(m, T0, 54.3, 12.3, 10));
    const fc = layer.toGeoJSON({ anchorageCells: true });
    const kinds = fc.features.map((f) => f.properties?.kind as string);
    expect(kinds.filter((k) => k === 'learned_anchorage')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'water')).toHaveLength(1);
    expect(kinds).toContain('anchorage_cell');
    const water = fc.features.find((f) => f.properties?.kind === 'water')!;
    expect(water.geometry.type).toBe('Polygon');
    if (water.geometry.type === 'Polygon') {
      const ring = water.geometry.coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]); // closed, [lon, lat]
      expect(ring[0]![0]).toBeCloseTo(12.3, 1);
    }
    expect(fc.features[0]!.properties).toMatchObject({ port: 'ROSTOCK', distinctVessels: 5 });
  });
});

describe('real data: DMA, Danish waters, 2013-11-12 12:00-12:05', () => {
  it('is too sparse at 500 m cells for the Kiel Canal, shows it at 2 km cells with a ring, and learns Danish and German ports', async () => {
    const f = sharedData('tracks/dma_ais_sample_2013-11-12.txt.gz');
    if (!f) return;
    const ps = await readPositions(f);
    expect(ps.length).toBe(24688);
    const movingOnLand = (s: number, w: number, n: number, e: number) =>
      ps.filter((p) => p.lat >= s && p.lat <= n && p.lon >= w && p.lon <= e && p.sog !== null && p.sog >= 1 && p.sog <= 30 && isOnLand(p.lat, p.lon));
    const kiel = movingOnLand(54.1, 9.1, 54.5, 10.2);
    expect(kiel.length).toBeGreaterThan(150); // Natural Earth puts the canal on land
    // defaults: in 5 minutes 21 ships spread over 98 km of canal; no 500 m cell is crossed by 3
    const dflt = new TrafficLayer().addAll(ps);
    expect(kiel.filter((p) => dflt.isWater(p.lat, p.lon)).length).toBe(0);
    // for a sample this short, coarser cells plus the neighbour ring find the canal (2 km cells: ~4 km^2, about the
    // H3 res 7 cells (5.2 km^2) this test used before the layer had its own grid)
    const sparse = new TrafficLayer({ cellM: 2000, water: { ring: 1 } }).addAll(ps);
    const kielWater = kiel.filter((p) => sparse.isWater(p.lat, p.lon));
    console.log(`DMA Kiel Canal: ${kielWater.length}/${kiel.length} moving positions on Natural Earth land are water at 2 km cells ring 1 (${new Set(kielWater.map((p) => p.mmsi)).size}/${new Set(kiel.map((p) => p.mmsi)).size} ships)`);
    expect(kielWater.length / kiel.length).toBeGreaterThan(0.5);
    expect(sparse.isWater(54.35, 9.77)).toBe(true); // the canal at Rendsburg
    const rostock = movingOnLand(54.05, 12.0, 54.2, 12.2);
    expect(rostock.filter((p) => sparse.isWater(p.lat, p.lon)).length).toBeGreaterThan(rostock.length / 2);
    for (const [la, lo] of [[54.0, 9.5], [55.5, 9.2], [56.1, 9.5]] as const) expect(sparse.isWater(la, lo)).toBe(false); // Holstein, Jutland inland

    const anch = dflt.learnedAnchorages();
    const labels = anch.map((a) => a.label);
    console.log(`DMA learned anchorages: ${anch.length}; top: ${labels.slice(0, 8).join(', ')}`);
    for (const port of ['ESBJERG', 'COPENHAGEN', 'ROSTOCK', 'FREDERIKSHAVN', 'ARHUS']) expect(labels).toContain(port);
    for (const a of anch) {
      expect(a.shoreDistanceM).toBeLessThanOrEqual(TERRITORIAL_SEA_M);
      expect(distanceToShoreM(a.lat, a.lon)).toBeLessThanOrEqual(TERRITORIAL_SEA_M);
      expect(a.portDistanceM).toBeLessThanOrEqual(20_000);
      expect(a.distinctVessels).toBeGreaterThanOrEqual(3);
    }
    // coverage: the sample holds hour 12 only
    const cov = dflt.coverage(54.3, 9.8, Date.UTC(2013, 10, 12, 11), Date.UTC(2013, 10, 12, 14));
    expect(cov).toMatchObject({ hours: 3, hoursWithData: 1, hoursHeard: 1 });
    expect(cov.vesselsPerHour).toBeGreaterThan(1);
    expect(dflt.hasDataThroughout(Date.UTC(2013, 10, 12, 11), Date.UTC(2013, 10, 12, 13))).toBe(false);
  });
});

describe('real data: NOAA MarineCadastre, U.S. waters, 2022-01-03 (first 100k rows)', () => {
  it('finds the Houston Ship Channel and the Mississippi at New Orleans on Natural Earth land, and learns U.S. ports within 12 nm', async () => {
    const f = sharedData('tracks/noaa_marinecadastre_2022-01-03_first100k.csv.gz');
    if (!f) return;
    const ps = await readPositions(f);
    expect(ps.length).toBe(99994);
    const layer = new TrafficLayer().addAll(ps);
    // 860 m cells have the area of the H3 res-8 cells (0.74 km^2) this test was written for, and meet its 0.4; the
    // default 500 m cells have a third of that area to gather three vessels in, so from this 100k-row excerpt they
    // find less (Houston 0.41, New Orleans 0.38): 0.35 for them. The drop is the cell size, not the grid.
    const res8Area = new TrafficLayer({ cellM: 860 }).addAll(ps);
    const report: string[] = [];
    for (const [name, [s, w, n, e]] of Object.entries({ houston: [29.5, -95.3, 29.8, -94.9], neworleans: [29.8, -90.2, 30.1, -89.8] } as Record<string, [number, number, number, number]>)) {
      const onLand = ps.filter((p) => p.lat >= s && p.lat <= n && p.lon >= w && p.lon <= e && p.sog !== null && p.sog >= 1 && p.sog <= 30 && isOnLand(p.lat, p.lon));
      const water = onLand.filter((p) => layer.isWater(p.lat, p.lon));
      const water860 = onLand.filter((p) => res8Area.isWater(p.lat, p.lon));
      report.push(`${name} ${water.length}/${onLand.length} (860 m: ${water860.length})`);
      expect(onLand.length).toBeGreaterThan(300);
      expect(water.length / onLand.length).toBeGreaterThan(0.35);
      expect(water860.length / onLand.length).toBeGreaterThan(0.4);
    }
    console.log(`NOAA moving positions on Natural Earth land that the traffic layer calls water (500 m cells, 3 vessels): ${report.join(', ')}`);
    for (const [la, lo] of [[32.78, -96.8], [30.27, -97.74], [30.53, -91.15]] as const) expect(res8Area.isWater(la, lo)).toBe(false);
    // inland, far from traffic: Dallas, Austin, Baton Rouge's airport
    for (const [la, lo] of [[32.78, -96.8], [30.27, -97.74], [30.53, -91.15]] as const) expect(layer.isWater(la, lo)).toBe(false);

    const anch = layer.learnedAnchorages();
    const labels = new Set(anch.map((a) => a.label));
    console.log(`NOAA learned anchorages: ${anch.length}; top: ${anch.slice(0, 8).map((a) => `${a.label} (${a.distinctVessels})`).join(', ')}`);
    for (const port of ['HOUSTON', 'GALVESTON', 'SEATTLE']) expect(labels).toContain(port);
    // San Pedro Bay's anchorages link (within 3 km) into clusters named after Los Angeles or Long Beach, whichever is nearer
    expect(labels.has('LOS ANGELES') || labels.has('LONG BEACH')).toBe(true);
    for (const a of anch) {
      expect(distanceToShoreM(a.lat, a.lon)).toBeLessThanOrEqual(TERRITORIAL_SEA_M);
      for (const c of a.cells) {
        const [la, lo] = layer.grid.center(c);
        expect(distanceToShoreM(la, lo, TERRITORIAL_SEA_M + 1)).toBeLessThanOrEqual(TERRITORIAL_SEA_M);
      }
    }
    // real offshore stops exist (Gulf of Mexico platforms, anchored tankers) and none became an anchorage
    const offshoreStopCells = new Set(
      ps.filter((p) => p.sog !== null && p.sog < 0.5 && distanceToShoreM(p.lat, p.lon, nmToM(13)) > TERRITORIAL_SEA_M).map((p) => layer.grid.cellOf(p.lat, p.lon)),
    );
    console.log(`NOAA stop cells beyond 12 nm: ${offshoreStopCells.size}`);
    expect(offshoreStopCells.size).toBeGreaterThan(0);
    for (const a of anch) for (const c of a.cells) expect(offshoreStopCells.has(c)).toBe(false);

    const cov = layer.coverage(29.7, -95.0, Date.UTC(2022, 0, 3), Date.UTC(2022, 0, 4));
    expect(cov.hours).toBe(24);
    expect(cov.hoursWithData).toBe(layer.dataCoverage(Date.UTC(2022, 0, 3), Date.UTC(2022, 0, 4)).hoursWithData);
    expect(cov.hoursHeard).toBeGreaterThan(0);
    expect(cov.hoursHeard).toBeLessThanOrEqual(cov.hoursWithData);
  });
});
