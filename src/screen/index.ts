/** Sanctions and ownership screening: the public surface of src/screen. */
export { loadList, detectListFormat } from './load.js';
export { loadOfac } from './load-ofac.js';
export { loadUn, vesselMentions } from './load-un.js';
export { loadFtm } from './load-ftm.js';
export { loadWatchlist } from './load-watchlist.js';
export { Screener, pathText } from './screen.js';
export type { ScreenOptions, RegistryEntry } from './screen.js';
export { readVesselsCsv, readRegistryCsv } from './input.js';
export { riskScore, RISK_WEIGHTS } from './risk.js';
export type { RiskScore, RiskComponent } from './risk.js';
export { sanctionsHitEvent, hitVesselKey } from './event.js';
export type { HitEventContext } from './event.js';
export { normalizeVesselName, normalizeOrgName } from './normalize.js';
export { isValidImo } from '../ref/imo.js';
export type * from './types.js';
