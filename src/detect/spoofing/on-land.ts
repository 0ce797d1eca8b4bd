/**
 * `on_land`: positions on land, only where they are evidence. A coarse land mask (Natural
 * Earth 1:10m) draws harbours, berths, rivers and canals as land, so a fix the mask calls land
 * is a sign only when none of these explains it (the first two always do):
 * - the GeoContext has traffic evidence that it is navigable water (`isWater`);
 * - it lies within `onLandCoastToleranceM` of the mask's coastline (berths, antenna offsets,
 *   the mask's own resolution), or `portExclusionM` of an anchorage;
 * - the vessel got there by moving: its previous fix was at sea (or itself explained) and the
 *   implied speed since was at most `onLandJumpKn` (the segmenter's largest speed); a fix
 *   reported at `onLandMovingKn` or more, reached so, is a vessel navigating a waterway.
 * What is left is a fix reached by an impossible jump (`jump`: implied speed above
 * `onLandJumpKn` and above 1.5 times the reported speed, over at least `onLandJumpMinM`, from
 * a fix that was not itself suspect),
 * and the fixes after it until the vessel is explained again; or a vessel first seen beyond
 * the tolerance, with no water evidence, that never moves away plausibly (`inland`: a
 * transponder ashore, or a position spoofed for the whole of the data: less sure). A run of
 * `inland` signs without a jump is dropped when the vessel then moves off plausibly (a ship
 * moored up a river the mask does not know leaves along it; a spoofed point ends with a jump).
 * Only ship MMSIs are judged: coast stations, aids to navigation, SAR aircraft and the like
 * (src/ref/mmsi.ts kinds) stand on land by design.
 *
 * The shore look-up is throttled exactly: no land lies within the distance to shore found at
 * the last look-up, so none is asked until the vessel moved that far; the coast-tolerance test
 * (rings of mask look-ups) is reused while the vessel stays within TOLERANCE_REUSE_M.
 */
import type { Position } from '../../records.js';
import { HOUR_MS, type DetectContext } from '../context.js';
import type { GeoContext } from '../geo-context.js';
import { M_PER_DEG_LAT, flatM, knots } from '../../geo/distance.js';
import { round } from '../stats.js';
import { dropRun, sign, type Runs } from './runs.js';

export interface ShoreCheckpoint {
  cpLat: number;
  cpLon: number;
  cpShoreM: number;
}

/** Per vessel: the previous fix and whether it was explained, and the last tolerance test. */
export interface LandState extends ShoreCheckpoint {
  /** the MMSI is a ship station (only ships are judged) */
  ship: boolean;
  pT: number;
  pLat: number;
  pLon: number;
  /** the previous fix was not suspect (at sea, on water, near the coast, or reached by moving) */
  pOk: boolean;
  tolLat: number;
  tolLon: number;
  tolBeyond: boolean;
}

export function newLandState(ship: boolean): LandState {
  return { ship, cpLat: Number.NaN, cpLon: Number.NaN, cpShoreM: 0, pT: Number.NaN, pLat: 0, pLon: 0, pOk: true, tolLat: Number.NaN, tolLon: 0, tolBeyond: false };
}

/** the coast-tolerance answer of the last test is reused within this distance, metres */
const TOLERANCE_REUSE_M = 100;
const BEARINGS = 16;

/**
 * True when the mask has land all around (lat, lon) out to `withinM`: rings at half and the
 * full distance, 16 bearings each (a coast nearer than withinM is found unless it is an inlet
 * narrower than the gap between ring points, ~800 m at 2 km).
 */
export function landAllAround(geo: GeoContext, lat: number, lon: number, withinM: number): boolean {
  const kx = 1 / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
  for (const r of [withinM / 2, withinM]) {
    const dDeg = r / M_PER_DEG_LAT;
    for (let k = 0; k < BEARINGS; k++) {
      const a = (2 * Math.PI * k) / BEARINGS;
      if (!geo.isOnLand(lat + dDeg * Math.cos(a), lon + dDeg * Math.sin(a) * kx)) return false;
    }
  }
  return true;
}

/** Returns true when it asked the map for the distance to shore. */
export function checkOnLand(ctx: DetectContext, st: Runs, ls: LandState, p: Position): boolean {
  if (!ls.ship) return false;
  const P = ctx.params.spoofing;
  const geo = ctx.geo;
  const moved = Number.isNaN(ls.cpLat) ? Number.POSITIVE_INFINITY : flatM(ls.cpLat, ls.cpLon, p.lat, p.lon);
  let looked = false;
  let land = false;
  if (moved >= ls.cpShoreM) {
    looked = true;
    const shore = geo.distanceToShoreM(p.lat, p.lon);
    ls.cpLat = p.lat;
    ls.cpLon = p.lon;
    ls.cpShoreM = shore;
    land = shore <= 0 && geo.isOnLand(p.lat, p.lon);
  }
  // suspect: on the mask's land, no traffic evidence of water, no anchorage near
  let suspect = land && !geo.isWater(p.lat, p.lon);
  if (suspect) {
    const a = geo.nearestAnchorage(p.lat, p.lon);
    if (a && a.distanceM <= P.portExclusionM) suspect = false;
  }
  let beyond = false;
  if (suspect) {
    if (Number.isNaN(ls.tolLat) || flatM(ls.tolLat, ls.tolLon, p.lat, p.lon) > TOLERANCE_REUSE_M) {
      ls.tolLat = p.lat;
      ls.tolLon = p.lon;
      ls.tolBeyond = landAllAround(geo, p.lat, p.lon, P.onLandCoastToleranceM);
    }
    beyond = ls.tolBeyond;
  }
  // how the vessel got here from its previous fix
  const linked = !Number.isNaN(ls.pT) && p.t - ls.pT <= P.mergeGapH * HOUR_MS;
  let jump = false;
  let plausible = false;
  let moving = false;
  let jumpKn = 0;
  if (linked) {
    const d = flatM(ls.pLat, ls.pLon, p.lat, p.lon);
    const kn = knots(d, Math.max(1000, p.t - ls.pT));
    // faster than the segmenter allows and than the vessel itself reports (a 37 kn speedboat
    // crossing a delta the mask calls land reports 37 kn): a jump
    jump = kn > P.onLandJumpKn && kn > 1.5 * (p.sog ?? 0) && d >= P.onLandJumpMinM;
    plausible = !jump;
    // reported under way and really moving (a fixed spoofed point keeps the ship's reported speed)
    moving = plausible && (p.sog ?? kn) >= P.onLandMovingKn && kn >= P.onLandMovingKn / 2;
    jumpKn = kn;
  }
  const open = st.runs.on_land;
  let ok: boolean;
  if (!suspect || !beyond) ok = true;
  else if (jump) ok = false;
  else if (moving) ok = true;
  else if (linked) ok = ls.pOk;
  else ok = false;
  if (!ok) {
    const run = sign(p.mmsi, st, 'on_land', p, {});
    if (jump && ls.pOk) {
      run.extra['evidence'] = 'jump';
      run.extra['jumpKn'] = Math.max(round(jumpKn, 1), Number(run.extra['jumpKn'] ?? 0));
    } else if (run.extra['evidence'] === undefined) run.extra['evidence'] = 'inland';
  } else if (open && (moving || (plausible && !suspect)) && open.extra['evidence'] !== 'jump') {
    // the vessel moved off the suspect place at a plausible speed: it was a real ship there
    dropRun(st, 'on_land');
  } else if (open && jump && !ls.pOk) {
    // leaving a suspect place by a jump back: that is evidence too
    open.extra['evidence'] = 'jump';
    open.extra['jumpKn'] = Math.max(round(jumpKn, 1), Number(open.extra['jumpKn'] ?? 0));
  }
  ls.pT = p.t;
  ls.pLat = p.lat;
  ls.pLon = p.lon;
  ls.pOk = ok;
  return looked;
}
