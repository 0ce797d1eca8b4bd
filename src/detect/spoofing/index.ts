/** The spoofing detector (detector.ts), one file per kind. */
export { SpoofingDetector } from './detector.js';
export type { SpoofKind } from './runs.js';
