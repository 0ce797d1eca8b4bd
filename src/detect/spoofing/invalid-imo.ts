/**
 * `invalid_imo`: static reports naming an IMO number whose check digit is wrong
 * (src/ref/imo.ts), reported once per MMSI and IMO after `minInvalidPositions` reports.
 */
import type { VesselStatic } from '../../records.js';
import { isValidImo } from '../../ref/imo.js';
import type { DetectContext } from '../context.js';
import { emitRun, type Run } from './runs.js';

export type BadImos = Map<number, { count: number; firstT: number; done: boolean }>;

/** A static report; `bad` is created on the first wrong IMO of the MMSI. */
export function checkImo(ctx: DetectContext, rec: VesselStatic, bad: () => BadImos): void {
  if (rec.imo == null || rec.imo === 0 || isValidImo(rec.imo)) return;
  const imos = bad();
  let b = imos.get(rec.imo);
  if (!b) imos.set(rec.imo, (b = { count: 0, firstT: rec.t, done: false }));
  b.count++;
  if (b.done || b.count < ctx.params.spoofing.minInvalidPositions) return;
  b.done = true;
  const where = ctx.lastPosition(rec.mmsi);
  const run: Run = {
    kind: 'invalid_imo',
    startT: b.firstT,
    lastT: rec.t,
    signs: b.count,
    latSum: where ? where.lat : Number.NaN,
    lonSum: where ? where.lon : Number.NaN,
    ids: [`${rec.mmsi}:${b.firstT}`, `${rec.mmsi}:${rec.t}`],
    maxSpeedKn: 0,
    maxDistanceM: 0,
    extra: { imo: rec.imo, name: rec.name },
  };
  emitRun(ctx, rec.mmsi, run, `invalid_imo-${rec.imo}`);
}
