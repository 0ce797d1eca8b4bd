/**
 * MMSI -> flag state (ISO 3166 alpha-2) for screening queries that come without a flag:
 * the shared MID table of src/ref, for ship MMSIs only (2xx-7xx).
 */
import { flagOfMmsi } from '../ref/mmsi.js';

export function flagFromMmsi(mmsi: string): string | null {
  if (!/^[2-7]\d{8}$/.test(mmsi)) return null;
  return flagOfMmsi(Number(mmsi));
}
