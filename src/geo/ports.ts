/**
 * Anchorages and ports: the bundled point set (data/geo/anchorages.csv.gz, ~25k points from
 * GFW named anchorages and the NGA World Port Index; see anchorages-build.ts) and the
 * nearest one to a position, for port_visit (within 3 km of an anchorage) and encounter
 * (>= 10 km from any anchorage or port). Distances are great-circle on the mean sphere
 * (within 0.5% of WGS84), found by a best-first walk of a flatbush R-tree (nearest.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Flatbush from 'flatbush';
import { SourceError } from '../errors.js';
import { parseCsv } from './csv.js';
import { haversineM, normalizeLon } from './distance.js';
import { nearestInIndex } from './nearest.js';

export interface Anchorage {
  lat: number;
  lon: number;
  /** port name, upper case (GFW label or WPI main port name) */
  label: string;
  /** ISO 3166-1 alpha-3 country, '' when the source gives none */
  iso3: string;
  kind: 'anchorage' | 'port';
}

export interface AnchorageMatch extends Anchorage {
  distanceM: number;
}

export interface AnchorageIndex {
  points: Anchorage[];
  tree: Flatbush;
}

export function indexAnchorages(points: Anchorage[]): AnchorageIndex {
  const tree = new Flatbush(Math.max(1, points.length));
  for (const p of points) tree.add(p.lon, p.lat, p.lon, p.lat);
  if (points.length === 0) tree.add(1000, 1000, 1000, 1000);
  tree.finish();
  return { points, tree };
}

/** Parses `lat,lon,label,iso3,kind` CSV text; a malformed row is an error naming its line. */
export function parseAnchoragesCsv(text: string, source = 'anchorages'): Anchorage[] {
  const rows = parseCsv(text);
  const header = rows.shift()?.join(',');
  if (header !== 'lat,lon,label,iso3,kind') throw new SourceError('bad_anchorages', `${source}: unexpected header "${header}"`);
  const out: Anchorage[] = [];
  rows.forEach((r, i) => {
    if (r.length === 1 && r[0] === '') return;
    const lat = Number(r[0]), lon = Number(r[1]);
    const kind = r[4];
    if (r.length !== 5 || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (kind !== 'anchorage' && kind !== 'port')) {
      throw new SourceError('bad_anchorages', `${source}: line ${i + 2} is not lat,lon,label,iso3,kind: ${r.join(',')}`);
    }
    out.push({ lat, lon, label: r[2]!, iso3: r[3]!, kind });
  });
  return out;
}

export const DEFAULT_ANCHORAGES_FILE = new URL('../../data/geo/anchorages.csv.gz', import.meta.url);

/** Reads an anchorage CSV file, gzipped or plain. */
export function readAnchoragesFile(file: string): AnchorageIndex {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new SourceError('unreadable', `cannot read anchorages file ${file}`, { cause: err });
  }
  const text = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return indexAnchorages(parseAnchoragesCsv(text, file));
}

let defaults: AnchorageIndex | undefined;
/** The bundled anchorages, loaded on first use (~30 ms). */
export function defaultAnchorages(): AnchorageIndex {
  defaults ??= readAnchoragesFile(fileURLToPath(DEFAULT_ANCHORAGES_FILE));
  return defaults;
}

/** Nearest anchorage or port within `maxM` metres of (lat, lon) in `index`, or null. */
export function nearestAnchorageIn(index: AnchorageIndex, lat: number, lon: number, maxM = Infinity): AnchorageMatch | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const x = normalizeLon(lon);
  const pts = index.points;
  const found = nearestInIndex(index.tree, lat, x, maxM, (k) => haversineM(lat, x, pts[k]!.lat, pts[k]!.lon));
  if (found.index < 0) return null;
  return { ...pts[found.index]!, distanceM: found.distanceM };
}

/**
 * Nearest bundled anchorage or port to (lat, lon): `{label, iso3, distanceM, ...}`, or null
 * when none lies within `maxM` (pass the threshold you test: far-offshore queries stop early).
 */
export function nearestAnchorage(lat: number, lon: number, maxM = Infinity): AnchorageMatch | null {
  return nearestAnchorageIn(defaultAnchorages(), lat, lon, maxM);
}

/** Every anchorage or port of `index` within `radiusM` of (lat, lon), nearest first. */
export function anchoragesWithin(index: AnchorageIndex, lat: number, lon: number, radiusM: number): AnchorageMatch[] {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return [];
  const x = normalizeLon(lon);
  const out: AnchorageMatch[] = [];
  const dLat = (radiusM / 6_371_008.8) * (180 / Math.PI) * 1.01;
  const cos = Math.cos((lat * Math.PI) / 180);
  const dLon = cos > 0.01 ? Math.min(180, dLat / cos) : 180;
  const visit = (k: number): boolean => {
    const p = index.points[k]!;
    const d = haversineM(lat, x, p.lat, p.lon);
    if (d <= radiusM) out.push({ ...p, distanceM: d });
    return false;
  };
  const minLat = Math.max(-90, lat - dLat), maxLat = Math.min(90, lat + dLat);
  if (dLon >= 180) index.tree.search(-180, minLat, 180, maxLat, visit);
  else {
    index.tree.search(Math.max(-180, x - dLon), minLat, Math.min(180, x + dLon), maxLat, visit);
    if (x - dLon < -180) index.tree.search(x - dLon + 360, minLat, 180, maxLat, visit);
    if (x + dLon > 180) index.tree.search(-180, minLat, x + dLon - 360, maxLat, visit);
  }
  return out.sort((a, b) => a.distanceM - b.distanceM);
}
