/** What every detector is given: parameters, the map, vessel facts, and where events go. */
import type { GeoContext } from './geo-context.js';
import type { DetectorParams } from './profiles.js';
import type { Event, EventRule } from '../events.js';

/** Latest static facts about an MMSI (from VesselStatic records). */
export interface VesselInfo {
  name: string | null;
  imo: number | null;
  callsign: string | null;
  shipType: number | null;
  flag: string | null;
}

export interface DetectContext {
  profile: string;
  params: DetectorParams;
  geo: GeoContext;
  emit: (e: Event) => void;
  vessel: (mmsi: number) => VesselInfo | undefined;
  /** last accepted position of an MMSI */
  lastPosition: (mmsi: number) => { t: number; lat: number; lon: number } | undefined;
}

/** The `rule` block of an event: detector name, profile and the parameter group it used. */
export function ruleOf(ctx: DetectContext, name: string, group: keyof DetectorParams): EventRule {
  return { name, profile: ctx.profile, params: { ...ctx.params[group] } };
}

/** AIS ship types 80-89 are tankers. */
export function isTanker(info: VesselInfo | undefined): boolean {
  const t = info?.shipType;
  return t != null && t >= 80 && t <= 89;
}

export const HOUR_MS = 3_600_000;
export const MIN_MS = 60_000;
