/**
 * Independent oracle: the anchorage and port points of the reference list the encounter rule
 * names (GFW's "10 km from any anchorage"), as bundled in data/geo/anchorages.csv.gz, read with
 * the simulator's own code. Planted encounters keep clear of them, as a real analyst's truth
 * would: two ships side by side next to an anchorage are waiting, not transferring. Only the
 * points in the simulator's region are kept; a plain scan over them is fast enough.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { distanceM, type LatLon } from './geodesy.js';

const FILE = new URL('../../data/geo/anchorages.csv.gz', import.meta.url);
/** [west, south, east, north], with a margin around the scenario's box */
const REGION: readonly [number, number, number, number] = [117, 34, 129.5, 42.5];

let points: LatLon[] | null = null;

function load(): LatLon[] {
  const [w, s, e, n] = REGION;
  const out: LatLon[] = [];
  const lines = gunzipSync(readFileSync(FILE)).toString('utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const [la, lo] = lines[i]!.split(',', 2);
    const lat = Number(la);
    const lon = Number(lo);
    if (lat >= s && lat <= n && lon >= w && lon <= e) out.push({ lat, lon });
  }
  return out;
}

/** metres from p to the nearest listed anchorage or port point (Infinity when none in the region) */
export function anchorageDistanceM(p: LatLon): number {
  points ??= load();
  let best = Infinity;
  for (const q of points) {
    // cheap box test first: a degree of latitude is 111 km
    if (Math.abs(q.lat - p.lat) * 111_000 > best) continue;
    const d = distanceM(p, q);
    if (d < best) best = d;
  }
  return best;
}
