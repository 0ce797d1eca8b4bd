/**
 * Behaviour detectors (DESIGN.md "src/detect/"): `createRunner` is what
 * `darkfleet analyze` calls (batch: the store replayed in time order; a live
 * feed pushes the same way).
 */
import { Runner, type RunnerOptions } from './runner.js';

export type { GeoContext, Anchorage, LandBox, SimpleZone, SimpleGeoOptions } from './geo-context.js';
export { SimpleGeo } from './geo-context.js';
export type { Detector, DetectorCounters, Fix } from './detector.js';
export { encodeState, decodeState } from './snapshot.js';
export { PROFILES, detectorParams, type DetectorParams, type ParamOverrides, type ProfileName } from './profiles.js';
export { Runner, type RunnerState, type RunnerOptions, type RunnerStats, type DetectRecord } from './runner.js';

/** A runner for one input stream: push records in time order, flush at the end. */
export function createRunner(opts: RunnerOptions): Runner {
  return new Runner(opts);
}
