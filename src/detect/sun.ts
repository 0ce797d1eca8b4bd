/**
 * Sun altitude for the `night` flag: the geo module's NOAA/Meeus solar position
 * (src/geo/sun.ts), under the names the detectors use.
 */
import { NIGHT_THRESHOLD_DEG, solarAltitudeDeg } from '../geo/sun.js';

/** Solar altitude in degrees at epoch ms t. */
export const sunAltitudeDeg = solarAltitudeDeg;

/** Sun altitude below which it is night, by twilight convention. */
export const TWILIGHT_DEG = NIGHT_THRESHOLD_DEG;
export type Twilight = keyof typeof TWILIGHT_DEG;
