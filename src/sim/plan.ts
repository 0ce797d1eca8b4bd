/**
 * A vessel's plan: where it is at every instant (a chain of legs), who it says it is (identity
 * windows), when its AIS is silent, and where a spoofed transmitter claims it is. Reports and
 * ground truth are both read off these plans, so the truth is what the data shows.
 */
import { bearing, destination, distanceM, KN, lerp, offset, type LatLon } from './geodesy.js';
import { DarkfleetError } from '../errors.js';

export type LegMode = 'move' | 'anchor' | 'moored' | 'stop' | 'follow' | 'circle';

/** AIS navigational status codes used here */
export const UNDER_WAY = 0;
export const AT_ANCHOR = 1;
export const MOORED = 5;
export const FISHING = 7;

export interface Leg {
  t0: number;
  t1: number;
  mode: LegMode;
  status: number;
  a: LatLon;
  b: LatLon;
  follow?: { plan: VesselPlan; eastM: number; northM: number };
  circle?: { c: LatLon; rM: number; clockwise: boolean; phase0: number; speedKn: number };
}

export interface Identity {
  /** valid from this time (ms) */
  from: number;
  mmsi: number;
  imo: number | null;
  name: string;
  callsign: string;
  shipType: number;
  flag: string | null;
  toBow: number;
  toStern: number;
  toPort: number;
  toStarboard: number;
  /** metres */
  draught: number;
  destination: string;
}

export interface VesselPlan {
  id: number;
  role: string;
  cls: 'A' | 'B';
  identities: Identity[];
  legs: Leg[];
  /** silent intervals [t0, t1) */
  off: [number, number][];
  /** intervals in which the reported position is a fixed spoofed point */
  fake: { t0: number; t1: number; p: LatLon }[];
  /** a second transmitter using another plan's identity (two places at once) */
  clone: boolean;
}

export interface State {
  lat: number;
  lon: number;
  /** knots */
  sog: number;
  cog: number;
  heading: number;
  status: number;
}

export function identityAt(plan: VesselPlan, t: number): Identity {
  let id = plan.identities[0]!;
  for (const x of plan.identities) if (x.from <= t) id = x;
  return id;
}

export function silentAt(plan: VesselPlan, t: number): boolean {
  for (const [a, b] of plan.off) if (t >= a && t < b) return true;
  return false;
}

export function planStart(plan: VesselPlan): number {
  return plan.legs[0]!.t0;
}
export function planEnd(plan: VesselPlan): number {
  return plan.legs[plan.legs.length - 1]!.t1;
}

function legAt(plan: VesselPlan, t: number): Leg | null {
  const legs = plan.legs;
  let lo = 0;
  let hi = legs.length - 1;
  if (hi < 0 || t < legs[0]!.t0 || t > legs[hi]!.t1) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (legs[mid]!.t0 <= t) lo = mid;
    else hi = mid - 1;
  }
  return legs[lo]!;
}

/** true kinematic state at time t, or null outside the plan */
export function stateAt(plan: VesselPlan, t: number): State | null {
  const leg = legAt(plan, t);
  if (!leg) return null;
  const f = leg.t1 > leg.t0 ? (t - leg.t0) / (leg.t1 - leg.t0) : 0;
  switch (leg.mode) {
    case 'move': {
      const p = lerp(leg.a, leg.b, f);
      const d = distanceM(leg.a, leg.b);
      const sog = leg.t1 > leg.t0 ? d / ((leg.t1 - leg.t0) / 1000) / KN : 0;
      const cog = d > 0 ? bearing(leg.a, leg.b) : 0;
      return { lat: p.lat, lon: p.lon, sog, cog, heading: cog, status: leg.status };
    }
    case 'anchor': {
      // swinging round the anchor: ~30 m radius, one turn every 6 hours
      const phi = ((t / 21600000) % 1) * 360;
      const p = destination(leg.a, phi, 30);
      return { lat: p.lat, lon: p.lon, sog: 0.1, cog: (phi + 90) % 360, heading: (phi + 180) % 360, status: leg.status };
    }
    case 'moored':
    case 'stop':
      return { lat: leg.a.lat, lon: leg.a.lon, sog: 0, cog: 0, heading: Math.round((leg.a.lat * 1e5) % 360), status: leg.status };
    case 'follow': {
      const fl = leg.follow!;
      const s = stateAt(fl.plan, t);
      if (!s) throw new DarkfleetError('sim_internal', `follow leg of plan ${plan.id} outside its leader's plan ${fl.plan.id}`);
      const p = offset(s, fl.eastM, fl.northM);
      return { ...s, lat: p.lat, lon: p.lon, status: leg.status };
    }
    case 'circle': {
      const c = leg.circle!;
      const ang = ((c.speedKn * KN * ((t - leg.t0) / 1000)) / c.rM) * (180 / Math.PI);
      const phi = c.phase0 + (c.clockwise ? ang : -ang);
      const p = destination(c.c, phi, c.rM);
      const cog = (phi + (c.clockwise ? 90 : 270) + 360) % 360;
      return { lat: p.lat, lon: p.lon, sog: c.speedKn, cog, heading: cog, status: leg.status };
    }
  }
}

/** Builds a chain of legs from a start time and place. */
export class PlanBuilder {
  t: number;
  pos: LatLon;
  readonly legs: Leg[] = [];

  constructor(t: number, pos: LatLon) {
    this.t = t;
    this.pos = pos;
  }

  /** steams to `p` at `kn`; returns the arrival time */
  to(p: LatLon, kn: number, status = UNDER_WAY): number {
    const dt = Math.round(distanceM(this.pos, p) / (kn * KN)) * 1000;
    if (dt > 0) this.legs.push({ t0: this.t, t1: this.t + dt, mode: 'move', status, a: this.pos, b: p });
    this.t += dt;
    this.pos = p;
    return this.t;
  }

  /** steams to `p` so as to arrive exactly at `t1` */
  toBy(p: LatLon, t1: number, status = UNDER_WAY): void {
    if (t1 <= this.t) throw new DarkfleetError('sim_internal', 'toBy: arrival before departure');
    this.legs.push({ t0: this.t, t1, mode: 'move', status, a: this.pos, b: p });
    this.t = t1;
    this.pos = p;
  }

  hold(mode: 'anchor' | 'moored' | 'stop', until: number, status: number): void {
    if (until <= this.t) return;
    this.legs.push({ t0: this.t, t1: until, mode, status, a: this.pos, b: this.pos });
    this.t = until;
  }

  follow(leader: VesselPlan, until: number, eastM: number, northM: number, status: number): void {
    const s = stateAt(leader, until);
    this.legs.push({ t0: this.t, t1: until, mode: 'follow', status, a: this.pos, b: this.pos, follow: { plan: leader, eastM, northM } });
    this.t = until;
    if (s) this.pos = offset(s, eastM, northM);
  }

  circle(c: LatLon, rM: number, speedKn: number, until: number, clockwise: boolean, phase0: number): void {
    const leg: Leg = { t0: this.t, t1: until, mode: 'circle', status: UNDER_WAY, a: this.pos, b: this.pos, circle: { c, rM, clockwise, phase0, speedKn } };
    this.legs.push(leg);
    this.t = until;
    const tmp: VesselPlan = { id: -1, role: '', cls: 'A', identities: [], legs: [leg], off: [], fake: [], clone: false };
    const s = stateAt(tmp, until)!;
    this.pos = { lat: s.lat, lon: s.lon };
  }

  /** cuts the chain at `tEnd` (the end of the scenario) */
  clip(tEnd: number): Leg[] {
    const out: Leg[] = [];
    for (const l of this.legs) {
      if (l.t0 >= tEnd) break;
      if (l.t1 <= tEnd) out.push(l);
      else if (l.mode === 'move') out.push({ ...l, t1: tEnd, b: lerp(l.a, l.b, (tEnd - l.t0) / (l.t1 - l.t0)) });
      else out.push({ ...l, t1: tEnd });
    }
    return out;
  }
}
