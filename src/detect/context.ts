/** What every detector is given: parameters, the map, vessel facts, and where events go. */
import type { GeoContext } from './geo-context.js';
import type { DetectorParams } from './profiles.js';
import { isoTime, type Event, type EventRule, type ParamValue } from '../events.js';

/** Latest static facts about an MMSI (from VesselStatic records). */
export interface VesselInfo {
  name: string | null;
  imo: number | null;
  callsign: string | null;
  shipType: number | null;
  flag: string | null;
  /** overall length, metres */
  length: number | null;
  /**
   * identity-quality findings about the vessel's own data (README, "Identity quality"), e.g.
   * `imo_invalid_check_digit`, `imo_misformatted`: facts for the dossier, not spoofing signs
   */
  quality: string[];
}

export interface DetectContext {
  profile: string;
  params: DetectorParams;
  geo: GeoContext;
  emit: (e: Event) => void;
  /** early alerts of events still open (Detector.noticeAt); absent unless the runner was made with `notices` */
  notice?: (e: Event) => void;
  vessel: (mmsi: number) => VesselInfo | undefined;
  /** last accepted position of an MMSI */
  lastPosition: (mmsi: number) => { t: number; lat: number; lon: number } | undefined;
}

/** A parameter of another group, as `group.name` (e.g. `gap.minGapH`), or a whole group. */
export type ParamRef =
  | { [G in keyof DetectorParams]: `${G}.${Extract<keyof DetectorParams[G], string>}` }[keyof DetectorParams]
  | keyof DetectorParams;

/**
 * The `rule` block of an event: detector name, profile, and every parameter that shaped it:
 * its own group as plain names, then each parameter it took from another group (`uses`) as
 * `group.name` (a whole group when `uses` names one), so an event can be reproduced from its
 * own record.
 */
export function ruleOf(ctx: DetectContext, name: string, group: keyof DetectorParams, uses: readonly ParamRef[] = []): EventRule {
  const params: Record<string, ParamValue> = { ...ctx.params[group] };
  for (const ref of uses) {
    const [g, only] = ref.split('.');
    for (const [k, v] of Object.entries(ctx.params[g as keyof DetectorParams]) as [string, ParamValue][]) {
      if (only === undefined || k === only) params[`${g}.${k}`] = v;
    }
  }
  return { name, profile: ctx.profile, params };
}

/**
 * An early alert taken back (Detector.noticeAt): the event it announced did not come to be under
 * its id, as the final event's evidence showed at `t`. The same id and fields, flag `withdrawn`
 * in place of `ongoing`, and why.
 */
export function withdrawnNotice(notice: Event, t: number, why: string): Event {
  return {
    ...notice,
    end: isoTime(Math.max(t, Date.parse(notice.end))),
    flags: ['withdrawn', ...notice.flags.filter((f) => f !== 'ongoing')],
    evidence: { ...notice.evidence, withdrawn: why },
  };
}

/** AIS ship types 80-89 are tankers. */
export function isTanker(info: VesselInfo | undefined): boolean {
  const t = info?.shipType;
  return t != null && t >= 80 && t <= 89;
}

export const HOUR_MS = 3_600_000;
export const MIN_MS = 60_000;
