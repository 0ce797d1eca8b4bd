/**
 * Turns plans into AIS reports the way transponders and a receiver produce them: class A
 * every 2-10 s under way (ITU-R M.1371 Table 1) and every 3 min at anchor or moored, class B
 * every 30 s (3 min under 2 kn), static data every 6 min, a little position noise, and
 * random reception loss. `intervalS` thins the reports of each vessel to at most one every
 * that many seconds so the files stay small (the detectors resample anyway).
 */
import { Rng } from './prng.js';
import { offset } from './geodesy.js';
import { AT_ANCHOR, MOORED, identityAt, planEnd, planStart, silentAt, stateAt, type Identity, type VesselPlan } from './plan.js';

export interface ReportOptions {
  seed: number;
  /** minimum seconds between kept position reports of one vessel (thinning) */
  intervalS: number;
  /** seconds between static reports (type 5, or type 24 A+B) */
  staticIntervalS: number;
  /** probability that the receiver misses a message */
  loss: number;
  /** standard deviation of position noise, metres */
  noiseM: number;
}

export interface PositionReport {
  kind: 'pos';
  t: number;
  plan: number;
  seq: number;
  cls: 'A' | 'B';
  id: Identity;
  /** raw AIS units, as encoded (lat/lon in 1/10000 minute, speed/course in tenths) */
  lat: number;
  lon: number;
  speed: number;
  course: number;
  heading: number;
  status: number;
  radio: number;
}

export interface StaticReport {
  kind: 'static';
  t: number;
  plan: number;
  seq: number;
  cls: 'A' | 'B';
  id: Identity;
  /** class B type 24 part: 0 = A, 1 = B; -1 for type 5 */
  part: number;
}

export type Report = PositionReport | StaticReport;

export interface ReportStats {
  positions: number;
  statics: number;
  lost: number;
}

/** nominal class A / B reporting interval in seconds for a state */
export function nominalInterval(cls: 'A' | 'B', sog: number, status: number): number {
  if (cls === 'B') return sog > 2 ? 30 : 180;
  if (status === AT_ANCHOR || status === MOORED) return sog > 3 ? 10 : 180;
  if (sog > 23) return 2;
  if (sog > 14) return 6;
  return 10;
}

function clip3(rng: Rng): number {
  return Math.max(-3, Math.min(3, rng.normal()));
}

export function planReports(plan: VesselPlan, opts: ReportOptions, stats: ReportStats): Report[] {
  const rng = new Rng(opts.seed, 1000 + plan.id);
  const out: Report[] = [];
  const t0 = planStart(plan);
  const t1 = planEnd(plan);
  let seq = 0;
  let t = t0 + Math.floor(rng.range(0, Math.min(opts.intervalS, 60))) * 1000;
  let lastHeading = rng.int(0, 359);
  while (t <= t1) {
    const s = stateAt(plan, t)!;
    const nominal = nominalInterval(plan.cls, s.sog, s.status);
    const eff = Math.max(nominal, opts.intervalS);
    if (!silentAt(plan, t)) {
      if (rng.chance(opts.loss)) stats.lost++;
      else {
        const fake = plan.fake.find((f) => t >= f.t0 && t < f.t1);
        const base = fake ? { lat: fake.p.lat, lon: fake.p.lon } : s;
        const p = offset(base, opts.noiseM * clip3(rng), opts.noiseM * clip3(rng));
        const sog = fake ? 0 : Math.max(0, s.sog + 0.05 * rng.normal());
        const speed = Math.min(1022, Math.round(sog * 10));
        let course = (s.cog + (speed >= 2 ? rng.normal() : 5 * rng.normal()) + 720) % 360;
        if (fake) course = 0;
        if (speed >= 5 && !fake) lastHeading = Math.round(s.heading + 2 * clip3(rng) + 720) % 360;
        else if (s.status === AT_ANCHOR) lastHeading = Math.round(s.heading + 720) % 360;
        out.push({
          kind: 'pos',
          t,
          plan: plan.id,
          seq: seq++,
          cls: plan.cls,
          id: identityAt(plan, t),
          lat: Math.round(p.lat * 600000),
          lon: Math.round(p.lon * 600000),
          speed,
          course: Math.round(course * 10) % 3600,
          heading: plan.cls === 'B' ? 511 : lastHeading,
          status: s.status,
          radio: rng.int(0, plan.cls === 'A' ? 0x7ffff : 0xfffff),
        });
        stats.positions++;
      }
    }
    t += Math.max(1, Math.round(eff * rng.range(0.85, 1.15))) * 1000;
  }
  // static and voyage reports on their own clock
  let ts = t0 + Math.floor(rng.range(0, opts.staticIntervalS)) * 1000;
  while (ts <= t1) {
    if (!silentAt(plan, ts)) {
      const id = identityAt(plan, ts);
      const parts = plan.cls === 'A' ? [-1] : [0, 1];
      for (const part of parts) {
        if (rng.chance(opts.loss)) {
          stats.lost++;
          continue;
        }
        out.push({ kind: 'static', t: ts + (part === 1 ? 1000 : 0), plan: plan.id, seq: seq++, cls: plan.cls, id, part });
        stats.statics++;
      }
    }
    ts += Math.round(opts.staticIntervalS * rng.range(0.95, 1.05)) * 1000;
  }
  return out;
}

/** all reports of all plans in receive-time order (ties: plan id, then report order) */
export function allReports(plans: readonly VesselPlan[], opts: ReportOptions): { reports: Report[]; stats: ReportStats } {
  const stats: ReportStats = { positions: 0, statics: 0, lost: 0 };
  const reports: Report[] = [];
  for (const plan of plans) for (const r of planReports(plan, opts, stats)) reports.push(r);
  reports.sort((a, b) => a.t - b.t || a.plan - b.plan || a.seq - b.seq);
  return { reports, stats };
}
