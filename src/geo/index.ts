/**
 * Geo toolkit for detectors: distances, land mask and distance to shore, territorial sea,
 * sun altitude (night), GeoJSON zones, anchorages and ports. One module per concern.
 */
export * from './distance.js';
export {
  buildLandModel,
  distanceToCoastIn,
  distanceToCoastM,
  distanceToShoreM,
  isCoastWithinIn,
  isNearShore,
  isOnLand,
  isOnLandIn,
  isWithinTerritorialSea,
  landModel,
  type BuildOptions,
  type LandModel,
} from './land.js';
export * from './sun.js';
export * from './zones.js';
export * from './ports.js';
