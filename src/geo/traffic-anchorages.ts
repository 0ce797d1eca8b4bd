/**
 * Anchorages learned from stop clusters of the traffic layer (traffic.ts), after Global Fishing
 * Watch's anchorages pipeline (github.com/GlobalFishingWatch/anchorages_pipeline,
 * find_anchorage_points.py and name_anchorages_pipeline.py), adapted to an order-free layer:
 *
 * - GFW: a vessel is stationary when it stays within 0.5 km for >= 12 h; the mean position of
 *   each stationary period falls in an S2 level-14 cell (~0.3 km^2); a cell with stationary
 *   periods of >= 20 distinct vessels over the whole AIS archive (2012 on) is an anchorage
 *   point; it is named after the nearest entry of port lists (overrides, WPI, GeoNames) within
 *   4 km, else the vessels' most common destination, else its cell id.
 * - here: a position with sog < 0.5 kn (GFW's stop-end speed) is stationary; cells are the
 *   layer's 500 m grid cells (traffic-grid.ts, ~0.25 km^2, the scale of S2 level 14); stationary
 *   cells whose centres lie within `linkM` (3 km by default) of each other, or that touch,
 *   merge into one cluster. Sparse data spreads one anchorage's stops over cells a ship length
 *   to a few km apart (a day of an anchorage holds a handful of ships swinging 0.5-2.5 km
 *   apart), where GFW's years of data fill each cell; GFW itself groups its anchorage points
 *   within 4 km into one named anchorage. A cluster needs >= minVessels distinct vessels, scaled to the
 *   data's span (below); it is named after the nearest bundled anchorage/port (GFW named
 *   anchorages + WPI, ports.ts) within 20 km, since the WPI gives one point per port and a
 *   port's anchorages lie up to ~20 km off it.
 * - never learned, whatever the counts: a cluster farther than 12 nm (22,224 m) from the
 *   coastline, or with no known port within reach. Those stops are where ship-to-ship
 *   transfers happen; calling them an anchorage would hide them from the encounter detector.
 *   Cells beyond 12 nm are dropped before clustering, so a chain of stops cannot carry an
 *   offshore cell into a coastal cluster.
 * - not reproduced: GFW's 12 h stationary periods (they need each vessel's positions in time
 *   order; this layer is fed in any order). The distinct-vessel threshold does that filtering.
 *
 * minVessels scaling: GFW's 20 distinct vessels is for a multi-year global archive; here it is
 * 20 per year of data, linearly, clamped to [3, 20]: round(20 * dataDays / 365), where
 * dataDays = hours holding any data / 24. Three is the floor because two vessels stopped
 * together are the signature of a ship-to-ship transfer, not of an anchorage.
 */
import { M_PER_DEG_LAT, flatM } from './distance.js';
import { distanceToShoreM } from './land.js';
import { nearestAnchorage } from './ports.js';
import { Distinct } from './traffic-sketch.js';

/** 12 nm, the territorial sea (UNCLOS art. 3): the farthest a learned anchorage may lie from shore. */
export const TERRITORIAL_SEA_M = 22_224;

/** What anchorage learning needs of the map; GeoContext (src/detect/geo-context.ts) fits. */
export interface AnchorageGeo {
  /** metres to the nearest coastline, 0 on land; Infinity (or any value > maxM) beyond maxM */
  distanceToShoreM(lat: number, lon: number, maxM?: number): number;
  /** nearest known port or anchorage, or null; may ignore maxM and return a farther one */
  nearestAnchorage(lat: number, lon: number, maxM?: number): { label: string; iso3: string; distanceM: number } | null;
}

/** The bundled Natural Earth coastline and GFW/WPI anchorages. */
export const defaultAnchorageGeo: AnchorageGeo = { distanceToShoreM, nearestAnchorage };

export interface LearnedAnchorageOptions {
  /** distinct stationary vessels a cluster needs; default round(20 * dataDays / 365) in [3, 20] */
  minVessels?: number;
  /** distinct stationary vessel-hours a cluster needs; default minVessels */
  minVesselHours?: number;
  /** farthest from the coastline, metres; default and maximum 22,224 (12 nm): larger values are clamped */
  maxShoreM?: number;
  /** how far the known port naming it may lie, metres; default 20,000 */
  portSearchM?: number;
  /** stop cells whose centres are this close join one cluster, metres; default 3,000 (0: touching cells only) */
  linkM?: number;
  geo?: AnchorageGeo;
}

export interface LearnedAnchorage {
  /** centroid of the cluster's cell centres weighted by their stationary vessel-hours */
  lat: number;
  lon: number;
  /** the known port or anchorage it is named after (upper case, as ports.ts gives it) */
  label: string;
  iso3: string;
  portDistanceM: number;
  shoreDistanceM: number;
  distinctVessels: number;
  /** distinct stationary vessel-hours (a vessel stopped in the cluster during an hour counts once) */
  hours: number;
  positions: number;
  firstMs: number;
  lastMs: number;
  /** fine-grid cells of the cluster (TrafficGrid keys) */
  cells: number[];
}

/** A stationary cell as the layer hands it over. */
export interface StopCell {
  cell: number;
  vessels: Distinct;
  vesselHours: Distinct;
  positions: number;
  firstMs: number;
  lastMs: number;
}

/** What clustering needs of the grid; TrafficGrid fits. */
export interface StopGrid {
  center(cell: number): [number, number];
  /** cells sharing an edge or a corner */
  neighbours(cell: number): number[];
}

/** The default minVessels for `dataHours` hours holding data. */
export function scaledMinVessels(dataHours: number): number {
  return Math.min(20, Math.max(3, Math.round((20 * dataHours) / 24 / 365)));
}

/** Clusters stop cells into anchorages (see the file header for the rules). */
export function learnAnchorages(stops: Iterable<StopCell>, dataHours: number, grid: StopGrid, opts: LearnedAnchorageOptions = {}): LearnedAnchorage[] {
  const minVessels = opts.minVessels ?? scaledMinVessels(dataHours);
  const minVesselHours = opts.minVesselHours ?? minVessels;
  const maxShoreM = Math.min(opts.maxShoreM ?? TERRITORIAL_SEA_M, TERRITORIAL_SEA_M);
  const portSearchM = opts.portSearchM ?? 20_000;
  const geo = opts.geo ?? defaultAnchorageGeo;
  const linkM = opts.linkM ?? 3000;

  // cells within reach of the coast only
  const near = new Map<number, StopCell & { lat: number; lon: number }>();
  for (const s of stops) {
    const [lat, lon] = grid.center(s.cell);
    if (!(geo.distanceToShoreM(lat, lon, maxShoreM + 1) <= maxShoreM)) continue;
    near.set(s.cell, { ...s, lat, lon });
  }
  // cells within linkM: buckets of linkM of latitude (and as many degrees of longitude), searched 3 x (2k+1) around a cell
  const dDeg = linkM / M_PER_DEG_LAT;
  const buckets = new Map<string, number[]>();
  const key = (lat: number, lon: number): [number, number] => [Math.floor(lat / dDeg), Math.floor(lon / dDeg)];
  if (linkM > 0) {
    for (const [c, s] of near) {
      const [i, j] = key(s.lat, s.lon);
      const k = `${i},${j}`;
      const b = buckets.get(k);
      if (b) b.push(c);
      else buckets.set(k, [c]);
    }
  }
  const linked = (c: number): number[] => {
    const out = grid.neighbours(c).filter((n) => near.has(n));
    if (linkM <= 0) return out;
    const s = near.get(c)!;
    const [i, j] = key(s.lat, s.lon);
    const kx = Math.min(50, Math.ceil(1 / Math.max(0.02, Math.cos(((Math.abs(s.lat) + dDeg) * Math.PI) / 180))));
    for (let di = -1; di <= 1; di++) {
      for (let dj = -kx; dj <= kx; dj++) {
        for (const n of buckets.get(`${i + di},${j + dj}`) ?? []) {
          const t = near.get(n)!;
          if (n !== c && flatM(s.lat, s.lon, t.lat, t.lon) <= linkM) out.push(n);
        }
      }
    }
    return out;
  };

  const seen = new Set<number>();
  const out: LearnedAnchorage[] = [];
  for (const start of near.keys()) {
    if (seen.has(start)) continue;
    // connected component over linked cells (within `ring` grid steps)
    const members: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const c = stack.pop()!;
      members.push(c);
      for (const n of linked(c)) {
        if (!seen.has(n) && near.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    const vessels = new Distinct();
    const vesselHours = new Distinct();
    let positions = 0, firstMs = Infinity, lastMs = -Infinity, wSum = 0, latSum = 0, x = 0, y = 0;
    for (const c of members) {
      const s = near.get(c)!;
      vessels.merge(s.vessels);
      vesselHours.merge(s.vesselHours);
      positions += s.positions;
      firstMs = Math.min(firstMs, s.firstMs);
      lastMs = Math.max(lastMs, s.lastMs);
      const w = s.vesselHours.count();
      wSum += w;
      latSum += w * s.lat;
      // longitudes averaged as unit vectors, so a cluster across 180 degrees stays in one place
      x += w * Math.cos((s.lon * Math.PI) / 180);
      y += w * Math.sin((s.lon * Math.PI) / 180);
    }
    const distinctVessels = vessels.count();
    const hours = vesselHours.count();
    if (distinctVessels < minVessels || hours < minVesselHours) continue;
    const lat = latSum / wSum;
    const lon = (Math.atan2(y, x) * 180) / Math.PI;
    const shoreDistanceM = geo.distanceToShoreM(lat, lon, maxShoreM + 1);
    if (!(shoreDistanceM <= maxShoreM)) continue;
    const port = geo.nearestAnchorage(lat, lon, portSearchM);
    if (port === null || !(port.distanceM <= portSearchM)) continue;
    out.push({
      lat,
      lon,
      label: port.label,
      iso3: port.iso3,
      portDistanceM: port.distanceM,
      shoreDistanceM,
      distinctVessels,
      hours,
      positions,
      firstMs,
      lastMs,
      cells: members.sort((a, b) => a - b),
    });
  }
  return out.sort((a, b) => b.distinctVessels - a.distinctVessels || b.hours - a.hours || a.label.localeCompare(b.label));
}
