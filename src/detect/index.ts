/**
 * Behaviour detectors (DESIGN.md "src/detect/"): `createRunner` is what
 * `darkfleet analyze` (batch) and `darkfleet watch` (live) call.
 */
import { Runner, type RunnerOptions } from './runner.js';

export type { GeoContext, Anchorage, LandBox, SimpleZone, SimpleGeoOptions } from './geo-context.js';
export { SimpleGeo } from './geo-context.js';
export { PROFILES, detectorParams, type DetectorParams, type ParamOverrides, type ProfileName } from './profiles.js';
export { Runner, type RunnerOptions, type RunnerStats, type DetectRecord } from './runner.js';
export { zonesFromGeoJson, type UserZone } from './zones.js';
export { flagFromMmsi, midFlag, mmsiProblem, validImo } from './mid.js';
export { sunAltitudeDeg } from './sun.js';

/** A runner for one input stream: push records in time order, flush at the end. */
export function createRunner(opts: RunnerOptions): Runner {
  return new Runner(opts);
}
