/**
 * The store's record keys and validity rules, shared by every driver: the reasons a store itself
 * rejects a record, and the position key (mmsi, t in µs, lat and lon at 1e-6 degrees rounded
 * half away from zero, as DuckDB's round(DOUBLE) does) with the in-batch dedupe table.
 */

/** Reject reasons the store itself gives positions (the reader's own reasons come in the batch). */
export const REJECT_BAD_MMSI = 'store_bad_mmsi';
export const REJECT_BAD_TIME = 'store_bad_time';
export const REJECT_NO_POSITION = 'store_no_position';

import type { Position, VesselStatic } from '../records.js';

/** Why the store refuses a position (MMSI out of range, time not storable, no position), or null. */
export function positionReject(p: Position): string | null {
  return positionRejectOf(p.mmsi, p.t, p.lat, p.lon);
}

/** positionReject on a position's fields (a row of PositionColumns). */
export function positionRejectOf(mmsi: number, t: number, lat: number, lon: number): string | null {
  if (!Number.isInteger(mmsi) || mmsi < 0 || mmsi > 999_999_999) return REJECT_BAD_MMSI;
  const us = Math.round(t * 1000);
  if (!Number.isFinite(us) || Math.abs(us) > Number.MAX_SAFE_INTEGER) return REJECT_BAD_TIME;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return REJECT_NO_POSITION;
  return null;
}

/** Why the store refuses a static report (MMSI out of range, time not storable), or null. */
export function staticReject(s: VesselStatic): string | null {
  if (!Number.isInteger(s.mmsi) || s.mmsi < 0 || s.mmsi > 999_999_999) return REJECT_BAD_MMSI;
  if (!Number.isFinite(s.t) || Math.abs(s.t) > 8.64e15) return REJECT_BAD_TIME;
  return null;
}

/** round(x) as DuckDB's round(DOUBLE) does it: halves away from zero (Math.round goes up). */
export function roundAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * The batch's position keys (mmsi, t µs, lat and lon at 1e-6 degrees) in an open-addressing hash
 * table: repeats inside a batch are dropped here, so SQL only has to anti-join against stored
 * rows (a DISTINCT ON in SQL cost about a quarter of the store's CPU).
 */
export class BatchKeys {
  private mmsi = new Int32Array(0);
  private us = new Float64Array(0);
  private lat = new Int32Array(0);
  private lon = new Int32Array(0);
  private table = new Int32Array(0);
  private mask = 0;
  private n = 0;

  reset(capacity: number): void {
    if (this.mmsi.length < capacity) {
      this.mmsi = new Int32Array(capacity);
      this.us = new Float64Array(capacity);
      this.lat = new Int32Array(capacity);
      this.lon = new Int32Array(capacity);
    }
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    if (this.table.length !== size) this.table = new Int32Array(size);
    else this.table.fill(0);
    this.mask = size - 1;
    this.n = 0;
  }

  /** The key's slot: where it is, or the empty slot where it would go (negative: ~slot). */
  private find(mmsi: number, us: number, lat6: number, lon6: number, usLo: number, usHi: number): number {
    let h = Math.imul(mmsi, 0x9e3779b1) ^ Math.imul(lat6, 0x85ebca77) ^ Math.imul(lon6, 0xc2b2ae3d) ^ Math.imul(usLo, 0x27d4eb2f) ^ usHi;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let slot = h & this.mask;
    for (;;) {
      const at = this.table[slot]!;
      if (at === 0) return ~slot;
      const i = at - 1;
      if (this.mmsi[i] === mmsi && this.us[i] === us && this.lat[i] === lat6 && this.lon[i] === lon6) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Whether the key is there (false before the first reset). */
  has(mmsi: number, us: number, lat6: number, lon6: number, usLo: number, usHi: number): boolean {
    return this.n > 0 && this.find(mmsi, us, lat6, lon6, usLo, usHi) >= 0;
  }

  /** Adds the key; false when it was already there. */
  add(mmsi: number, us: number, lat6: number, lon6: number, usLo: number, usHi: number): boolean {
    const found = this.find(mmsi, us, lat6, lon6, usLo, usHi);
    if (found >= 0) return false;
    const slot = ~found;
    const i = this.n++;
    this.mmsi[i] = mmsi;
    this.us[i] = us;
    this.lat[i] = lat6;
    this.lon[i] = lon6;
    this.table[slot] = i + 1;
    return true;
  }
}

export function bump(rejects: Record<string, number>, reason: string): void {
  rejects[reason] = (rejects[reason] ?? 0) + 1;
}

