/**
 * `invalid_imo`: static reports naming an IMO number that cannot be one (src/ref/imo.ts's
 * `imoQuality`), reported once per MMSI and IMO after `minInvalidPositions` reports, and only
 * where it means something (README, "Identity quality"): the vessel must carry an IMO number
 * (`mustCarryImo`: passenger, cargo and tanker types of `imoMustCarryLengthM` or more), or its
 * MMSI is itself invalid or a default pattern. Elsewhere a wrong IMO is an identity-quality
 * fact on the vessel (the runner's VesselInfo.quality), not a spoofing event. "No IMO" (0, the
 * AIS "not available" value 1073741823) and a valid IMO keyed with trailing zeros are never
 * invalid.
 */
import type { VesselStatic } from '../../records.js';
import { imoQuality, mustCarryImo } from '../../ref/imo.js';
import type { DetectContext } from '../context.js';
import { emitRun, type Run } from './runs.js';

export type BadImos = Map<number, { count: number; firstT: number; done: boolean }>;

/** A static report; `bad` is created on the first wrong IMO of the MMSI; `otherSign` names a sign about the MMSI itself. */
export function checkImo(ctx: DetectContext, rec: VesselStatic, bad: () => BadImos, otherSign: string | null): void {
  if (imoQuality(rec.imo) !== 'invalid_check_digit') return;
  const imo = rec.imo!;
  const P = ctx.params.spoofing;
  const info = ctx.vessel(rec.mmsi);
  const last = ctx.lastPosition(rec.mmsi);
  const msgType = (last as { msgType?: number } | undefined)?.msgType;
  const carriage = {
    shipType: rec.shipType ?? info?.shipType ?? null,
    length: rec.length ?? info?.length ?? null,
    classA: msgType == null ? null : msgType <= 3,
  };
  const mustCarry = mustCarryImo(carriage, P.imoMustCarryLengthM);
  if (P.imoMustCarryOnly && !mustCarry && !otherSign) return;
  const imos = bad();
  let b = imos.get(imo);
  if (!b) imos.set(imo, (b = { count: 0, firstT: rec.t, done: false }));
  b.count++;
  if (b.done || b.count < P.minInvalidPositions) return;
  b.done = true;
  const run: Run = {
    kind: 'invalid_imo',
    startT: b.firstT,
    lastT: rec.t,
    signs: b.count,
    latSum: last ? last.lat : Number.NaN,
    lonSum: last ? last.lon : Number.NaN,
    ids: [`${rec.mmsi}:${b.firstT}`, `${rec.mmsi}:${rec.t}`],
    maxSpeedKn: 0,
    maxDistanceM: 0,
    outer: [],
    extra: {
      imo,
      name: rec.name,
      shipType: carriage.shipType,
      lengthM: carriage.length,
      why: mustCarry ? 'must_carry_imo' : (otherSign ?? 'all_checked'),
    },
  };
  emitRun(ctx, rec.mmsi, run, `invalid_imo-${imo}`);
}
