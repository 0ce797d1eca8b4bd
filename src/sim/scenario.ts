/**
 * The West Korea Bay scenario: who sails where, and what is planted. An orchestrator: each
 * planted behaviour is one module of ./behaviours/ building vessel plans (./plan.ts) and its
 * part of the ground truth, each family drawing from its own random stream; the rest of the
 * truth (zone entries, port visits, loitering) is read off the plans by ./truth.ts.
 *
 * Every leg is checked against Natural Earth 1:10m land (./land.ts) so tracks stay at sea:
 * open-sea legs keep 1 km from the coast, the Taedong estuary legs to Nampo 60 m.
 */
import { Rng } from './prng.js';
import type { LandMask } from './land.js';
import type { VesselPlan } from './plan.js';
import { clamp, Ctx, type PlantedEvent, type PlantedNegative, type ScenarioOptions } from './behaviours/context.js';
import { encounters } from './behaviours/encounters.js';
import { loiterers } from './behaviours/loiterers.js';
import { gaps, shortGaps } from './behaviours/gaps.js';
import { identityHull } from './behaviours/identity-hull.js';
import { spoofing } from './behaviours/spoofing.js';
import { passing } from './behaviours/passing.js';
import { shortStops } from './behaviours/short-stops.js';
import { nampoSlots, portCalls } from './behaviours/port-calls.js';
import { trawlers } from './behaviours/trawlers.js';
import { transits } from './behaviours/transits.js';
import { anchorVisits, placeAnchorage } from './behaviours/nampo-anchorage.js';
import { riverTransits } from './behaviours/river.js';
import { trawlFleet } from './behaviours/trawl-fleet.js';
import { darkPartners } from './behaviours/dark-partner.js';
import { coverageHole } from './behaviours/coverage.js';
import { denseFleet } from './behaviours/dense-fleet.js';
import { convoys } from './behaviours/convoys.js';
import { shuttles, type PlantedRoute } from './behaviours/shuttles.js';
import { convoyDecoys } from './behaviours/convoy-decoys.js';
import { destinationChanges } from './behaviours/destination-changes.js';
import { NAMPO_PORT, SCENARIO_ZONES, WEST_SEA_BARRAGE, type Zone } from './zones.js';
import { DarkfleetError } from '../errors.js';

export interface Scenario {
  opts: ScenarioOptions;
  t0: number;
  t1: number;
  plans: VesselPlan[];
  events: PlantedEvent[];
  negatives: PlantedNegative[];
  /** plan ids that call at Nampo (port visits are derived from their tracks) */
  portCallers: Set<number>;
  /** routes: the planted shuttles and single round trip */
  routes: PlantedRoute[];
  /** what was planted, for the README */
  counts: Record<string, number>;
  /** zones written to zones.geojson, whose entries and exits are truth */
  zones: readonly Zone[];
  /** zones a port visit spans, from entering the first to leaving the last */
  visitZones: readonly Zone[];
  /** where the scenario's ships anchor off Nampo */
  anchorage: Zone;
  /** realism: areas and times where the feed hears nobody */
  holes: Ctx['holes'];
  /** detections: the dense trawler fleet */
  dense: ReturnType<typeof denseFleet> | null;
}

/** Builds the whole scenario for a seed. */
export function buildScenario(opts: ScenarioOptions, land: LandMask): Scenario {
  if (!(opts.hours > 0)) throw new DarkfleetError('sim_params', 'hours must be > 0');
  const ctx = new Ctx(opts, land);
  const h = opts.hours;
  const sub = (k: number): Ctx => {
    // each family of vessels draws from its own stream so one change does not reshuffle all
    ctx.rng = new Rng(opts.seed, k);
    return ctx;
  };
  encounters(sub(10), h >= 11 ? clamp(Math.round(h / 8), 2, 12) : 0);
  loiterers(sub(11), h >= 10 ? clamp(Math.round(h / 12), 1, 6) : 0);
  gaps(sub(12), h >= 18 ? clamp(Math.round(h / 16), 1, 5) : 0);
  if (h >= 8) identityHull(sub(13));
  spoofing(sub(14));
  passing(sub(15), h >= 6 ? clamp(Math.round(h / 12), 2, 6) : 0);
  shortStops(sub(16), h >= 8 ? clamp(Math.round(h / 24), 1, 4) : 0);
  const realism = opts.realism === true;
  if (realism) ctx.anchorage = placeAnchorage(sub(30));
  const slots = nampoSlots(sub(17));
  portCalls(ctx, slots, clamp(Math.round(h / 6), 2, 10), true);
  if (realism) {
    // the hard cases of real data (README "Realism"), before the background fills the rest
    anchorVisits(sub(31), slots, clamp(Math.round(h / 8), 3, 6));
    riverTransits(sub(32));
    trawlFleet(sub(33));
    darkPartners(sub(34), h >= 24 ? 2 : h >= 10 ? 1 : 0);
  }
  const routes = opts.routes === true ? shuttles(sub(39), slots, clamp(Math.round(h / 24), 2, 4)) : [];
  if (opts.movement === true) {
    // movement patterns (README "Movement"), each family on its own stream, off by default
    convoys(sub(36), h >= 8 ? clamp(Math.round(h / 8), 2, 6) : 0);
    if (h >= 10) convoyDecoys(sub(37));
    if (h >= 10) destinationChanges(sub(38));
  }
  // background: the Chinese trawler fleet, lane traffic and more port calls
  const left = Math.max(0, opts.vessels - ctx.plans.filter((p) => !p.clone).length);
  const nTrawl = Math.round(left * 0.72);
  const nPort = Math.min(Math.round(left * 0.04), slots.berth.length, slots.anchor.length);
  sub(18);
  trawlers(ctx, nTrawl);
  const singles = ctx.plans.filter((p) => p.role === 'trawler' && p.identities[0]!.mmsi !== 123456789);
  shortGaps(sub(19), h >= 8 ? clamp(Math.round(h / 12), 2, 6) : 0, singles);
  portCalls(sub(20), slots, nPort, false);
  transits(sub(21), Math.max(0, opts.vessels - ctx.plans.filter((p) => !p.clone).length));
  // detections: the dense fleet on top of the others, on its own stream (nothing else changes when off)
  const dense = opts.detections === true ? denseFleet(sub(36)) : null;
  // last, so that it silences whoever is there, background included
  if (realism) coverageHole(sub(35));
  return {
    opts,
    t0: ctx.T0,
    t1: ctx.T1,
    plans: ctx.plans,
    events: ctx.events,
    negatives: ctx.negatives,
    portCallers: ctx.portCallers,
    counts: ctx.counts,
    // with realism the anchorage is for the detectors to learn: not a zone they are given
    zones: realism ? [NAMPO_PORT, WEST_SEA_BARRAGE] : SCENARIO_ZONES,
    visitZones: realism ? [ctx.anchorage, NAMPO_PORT] : SCENARIO_ZONES,
    anchorage: ctx.anchorage,
    holes: ctx.holes,
    dense,
    routes,
  };
}
