/**
 * Detector parameters and the named profiles that pin them (DESIGN.md
 * "Detector defaults"). Every event records its profile and the parameters of
 * its rule, so a result can be reproduced anywhere.
 *
 * Sources:
 * - GFW encounters: Global Fishing Watch, "Encounters" data caveats and the
 *   encounters pipeline (GlobalFishingWatch/encounters_pipeline,
 *   pipe-encounters): two vessels within 500 m, median speed < 2 kn, for >= 2 h,
 *   >= 10 km from an anchorage, not on land; tracks resampled to 10 min; runs
 *   closer than 4 h apart merge.
 * - GFW loitering: "Loitering" event definition (GFW API docs, carrier
 *   vessels): hourly implied speed < 2 kn for >= 2 h, average distance from
 *   shore >= 20 nm; transshipment reports use >= 4 h.
 * - GFW AIS gaps: Welch et al. 2022, "Hot spots of unseen fishing vessels"
 *   (Science Advances) and GFW's gaps API: >= 12 h without a position;
 *   disabling when > 50 nm from shore and reception was good (> 10
 *   positions/day before, others heard during the gap).
 * - GFW port visits: anchorages_pipeline (port entry within 3 km of an
 *   anchorage, exit beyond 4 km; a stop starts below 0.2 kn and ends above 0.5 kn).
 * - Skylight (Allen Institute for AI): "standard rendezvous", two vessels within
 *   250 m for more than 30 min; dark-detection radius 1.5 km.
 * - AISdb (MERIDIAN, Dalhousie): 50 kn speed threshold splitting tracks, here
 *   the implied speed that makes two fixes of one MMSI "two places".
 * - gpsdio-segment (GFW): 24 h / 25 kn segment matching (src/track/params.ts).
 * - DMA AisAbnormal (dma-ais/AisAbnormal, DriftAnalysis and
 *   SuddenSpeedChangeAnalysis): drift = SOG 1-5 kn with COG and heading > 45 deg
 *   apart for 10 min over > 500 m; sudden speed change = from >= 7 kn to <= 1 kn
 *   within 30 s, staying <= 1 kn for 60 s.
 * - Convoys: no public definition to cite; issue H's ">= 3 vessels moving together at similar
 *   course and speed for >= 1 h". Spacing, course and speed tolerances are ours (convoy.ts).
 * - Destination changes: Windward's DESTINATION_CHANGE (a vessel's declared AIS destination
 *   changed); what counts as a change is ours (src/ref/destination.ts).
 */
import { DarkfleetError } from '../errors.js';
import type { ShipCategory } from '../ref/shiptype.js';

export interface EncounterParams {
  /** both vessels within this distance, metres. GFW 500; Skylight 250 */
  maxDistanceM: number;
  /** median speed of both vessels over the encounter below this, knots. GFW 2 */
  maxSpeedKn: number;
  /** shortest encounter, hours. GFW 2; Skylight 0.5 */
  minDurationH: number;
  /** encounter location at least this far from any anchorage, metres. GFW 10 000 */
  minAnchorageDistM: number;
  /** encounter location more than this from shore, metres (GFW: > 0, i.e. not on land) */
  minShoreDistM: number;
  /** close runs of a pair less than this apart merge into one encounter, hours. GFW 4 */
  mergeGapH: number;
  /** time step at which vessels are compared, minutes. GFW resamples to 10 */
  tickMin: number;
  /** a vessel counts at a tick when its last fix is at most this old, minutes */
  freshMin: number;
  /**
   * a silent vessel's last fix stands in for it up to this long, hours, and
   * only when its next fix shows it did not move away (dark partner)
   */
  maxSilentH: number;
  /** vessels faster than this at a tick are not candidates, knots (prefilter) */
  candidateMaxSpeedKn: number;
  /** `dark_partner` when one side was silent for more than this fraction of the ticks */
  darkPartnerFraction: number;
  /**
   * a silent partner that reappears far away counts as having stayed alongside while the other
   * stayed stopped when its next position is reachable at this speed from the last tick
   * alongside (it left late), knots (the segmenter's 25 kn)
   */
  darkPartnerMaxKn: number;
  /** `outside_territorial_sea` beyond this distance from the coast, nautical miles */
  territorialSeaNm: number;
}

export interface LoiteringParams {
  /** implied speed between hourly samples below this, knots. GFW 2 */
  maxSpeedKn: number;
  /** shortest loitering, hours. GFW 2 (transshipment reports 4) */
  minDurationH: number;
  /** average distance from shore at least this, nautical miles. GFW 20 */
  minShoreDistNm: number;
  /** sampling step of the implied speed, minutes. GFW hourly */
  sampleMin: number;
  /**
   * 1: a vessel loitering while it is in an encounter is reported as the
   * encounter only (a stage after both detectors, stages.ts; the loitering
   * event then records the encounter parameters too). 0 (GFW, default): both
   * are reported
   */
  excludeEncounters: number;
  /**
   * ours: mean reported SOG over the run must stay below this, knots (0: off),
   * so a vessel steaming in tight circles is not loitering
   */
  maxMeanSogKn: number;
  /**
   * the vessel classes loitering is meant for (src/ref/shiptype.ts categories of the AIS ship
   * type): GFW defines it for carriers (reefers), and it fits tankers and cargo ships; `unknown`
   * (no or a reserved type) is judged too. Fishing vessels trawl and set gear at low implied
   * speed: that is fishing, not loitering
   */
  classes: readonly ShipCategory[];
  /**
   * ours: a vessel of unknown type whose mean reported SOG is at least this while its hourly
   * implied speed stays low is working (zig-zag tows, gear setting: fishing-like), knots (0: off)
   */
  workingSogKn: number;
}

export interface GapParams {
  /** a gap: no position for at least this long, hours. GFW 12 */
  minGapH: number;
  /** shorter gaps from this length are "short", hours. GFW 6 */
  shortGapH: number;
  /** 1: emit short gaps (flag `short`); 0: count them only */
  emitShort: number;
  /** `likely_disabling` only when the gap starts beyond this from shore, nautical miles. GFW 50 */
  disablingShoreNm: number;
  /** and the vessel sent more than this many positions in the day before. GFW 10 */
  minPositionsPerDay: number;
  /** reception cell size, degrees (others heard in the 3x3 cells around the gap's ends) */
  receptionCellDeg: number;
  /**
   * a silence is a gap only when the data holds positions in every hour it spans and others
   * were heard around it in at least this fraction of its hours (GeoContext coverage from the
   * traffic layer, or the detector's own reception cells); `likely_disabling` needs it too
   */
  minReceptionFraction: number;
  /** 1: report silences without such coverage too, flagged `no_coverage` at confidence 0.2; 0: count them only */
  reportNoCoverage: number;
  /**
   * 1: at end of input, report vessels silent for >= minGapH as open gaps
   * (flag `open`). Off in gfw: a vessel leaving the data's area or time span
   * looks the same, so only strict reports them
   */
  reportOpen: number;
}

export interface IdentityParams {
  /** a new name/callsign/IMO/flag counts once reported this many times in a row (bit-error guard) */
  minReports: number;
  /** `flag_hopping` when a hull's flag changed at least this many times ... */
  flagHopChanges: number;
  /** ... within this many days. DESIGN: 2 in 12 months */
  flagHopWindowDays: number;
}

export interface SpoofingParams {
  /** two fixes of one MMSI (different segments) farther apart than this speed allows are two places, knots. AISdb 50 */
  maxKnots: number;
  /**
   * and at least this far apart, metres: farther than timing errors explain. Satellite AIS is
   * stamped at downlink, up to about an hour after reception (store and forward), in which a
   * ship at 25-30 kn covers ~50 km; nearer pairs are left to the segmenter (real files: AMSA's
   * satellite passes gave 20-40 km "clashes" of single ships; real shared MMSIs were 1,800 and
   * 3,000 km apart)
   */
  minClashDistanceM: number;
  /** the other segment's fix at most this old, minutes (concurrent transmitters) */
  clashWindowMin: number;
  /** clashes needed for an event */
  minClashes: number;
  /** positions on land needed for an event */
  minOnLand: number;
  /** on-land fixes this close to an anchorage are berths in a coarse land mask, metres */
  portExclusionM: number;
  /**
   * on_land: a fix the land mask puts within this distance of its coastline is a berth, a
   * harbour basin or the mask's own error (Natural Earth 1:10m is good to ~1 km; the real-data
   * review found every harbour berth within 1.5 km of it), not evidence, even reached by a jump
   * (MarineCadastre's stale first row of a day jumps onto the berth). Metres
   */
  onLandCoastToleranceM: number;
  /**
   * on_land: a fix on land reached from the previous fix faster than this is a jump (the
   * segmenter's largest speed between fixes of one transmitter, GFW gpsdio-segment 25 kn);
   * slower, the vessel got there by moving. Knots
   */
  onLandJumpKn: number;
  /**
   * on_land: 1 also reports a vessel on land beyond the tolerance from its first fix, with no
   * water evidence and no plausible departure and no jump (a transponder ashore, or a river
   * berth the mask and the traffic layer do not know: on real US data nearly always the
   * latter), as a `spoofing` event flagged `data_quality` at low confidence. 0 (gfw): the
   * spoofing label needs a jump
   */
  onLandReportInland: number;
  /** on_land: and the jump is at least this long (GPS noise guard), metres */
  onLandJumpMinM: number;
  /**
   * on_land: fewer than `minOnLand` fixes on land, reached by a jump, are enough when at least two
   * of them span this long: a sparse feed (satellite, every 45-60 min) reports a spoof of two hours
   * twice, and two fixes that far apart at one inland place are no bit error. Minutes
   */
  onLandSpanMin: number;
  /**
   * on_land: a fix on land reported at this speed or more, reached at a plausible speed, is a
   * vessel navigating a waterway the mask calls land (a river, a canal), knots
   */
  onLandMovingKn: number;
  /**
   * invalid_imo: 1 reports a wrong IMO check digit as a spoofing event only for a vessel that
   * must carry an IMO number (SOLAS: cargo ships and tankers, AIS types 70-89, and passenger
   * ships, 60-69, of at least `imoMustCarryLengthM`, or of unknown length on a class A
   * transponder); every other wrong IMO is an identity-quality finding (README). 0: every wrong
   * IMO is a spoofing event
   */
  imoMustCarryOnly: number;
  /** a ship this long or longer is taken to be >= 300 GT (SOLAS V/19, IMO number), metres */
  imoMustCarryLengthM: number;
  /** a run of one spoofing kind closes after this long without a new sign, hours */
  mergeGapH: number;
  /** positions of an invalid or default-pattern MMSI (src/ref/mmsi.ts), or static reports of a bad IMO, before it is reported */
  minInvalidPositions: number;
  /** circle: accumulated one-way turning, degrees (two full loops) */
  circleTurnDeg: number;
  /** circle: spread of distances to the centre / mean distance at most this */
  circleMaxRadiusCv: number;
  /** circle: mean distance to the centre at least this, metres (a small boat turning in a box of a few hundred metres goes round too) */
  circleMinRadiusM: number;
  /** circle and hairpin: only while moving faster than this, knots */
  shapeMinSpeedKn: number;
  /** circle and hairpin: looked for within this window, hours */
  shapeWindowH: number;
  /**
   * two_places: each side of a clash needs at least this many distinct fixes (a single corrupt
   * fix, or one late satellite report stamped with its downlink time, is not a second transmitter)
   */
  minFixesPerSide: number;
  /**
   * hairpin: only while reporting at least this speed, knots: trawlers on zig-zag tows at 2-4 kn
   * turn about every few hundred metres (real-data review: ALEKSEY SLOBODCHIKOV)
   */
  hairpinMinSpeedKn: number;
  /** hairpin: course reversals (>= 150 deg between legs of >= 300 m) needed ... */
  hairpinReversals: number;
  /** ... within this many minutes (a ferry or patrol turning around now and then is not one) */
  hairpinWindowMin: number;
}

export interface PortVisitParams {
  /** entry within this distance of an anchorage, metres. GFW 3000 */
  entryM: number;
  /** exit beyond this, metres. GFW 4000 */
  exitM: number;
  /** a stop starts below this speed, knots. GFW 0.2 */
  stopStartKn: number;
  /** and ends above this, knots. GFW 0.5 */
  stopEndKn: number;
  /** 1: only visits with a stop (or a gap) inside are events (GFW "port visit"); 0: every entry/exit */
  requireStop: number;
  /** visits to the same port less than this many hours apart are one port call (0: never merged) */
  mergeGapH: number;
  /**
   * ours: an entry needs the fix before it reachable at this speed, knots (AISdb's 50). A jump
   * into port from far away is a stale row (MarineCadastre's first row of a day) or a second
   * transmitter on the MMSI, not an observed arrival: the vessel counts as first seen inside
   */
  maxEntryKn: number;
  /**
   * ours: a silence of the whole feed (no position from any vessel) this long ends every visit
   * open across it, flagged `open` at its last fix: the data cannot say where the vessel was
   * (files of different years in one store, an outage), and the vessel is first seen inside
   * after it. Hours; 0: never
   */
  feedOutageH: number;
}

export interface ZoneParams {
  /** zones are looked up again after the vessel moved this far, metres (stationary vessels cost nothing) */
  checkMoveM: number;
  /**
   * a fix that starts a new track segment continues the vessel's zone state only when the
   * last fix could reach it at this speed, knots (a jump of a spoofed or second transmitter
   * enters and leaves nothing)
   */
  maxJumpKn: number;
  /**
   * a zone passed through between two fixes, both outside it (a sparse feed: a satellite pass
   * every 20-30 min, a report lost), is entered and left on the straight line between them when
   * the fixes are at most this many hours apart, 0: never
   */
  passMaxH: number;
  /**
   * ... and the line runs at least this far inside the zone, its middle there at least half this
   * from the zone's edge on either side of the line, metres (an edge or corner clipped is no visit)
   */
  passMinInsideM: number;
  /**
   * ... and the vessel went straight: the speed the line implies is at least this share of the
   * lower speed either fix reports (a vessel that went round the zone covered more than the line)
   */
  passMinSpeedRatio: number;
}

export interface ThinningParams {
  /**
   * ours: loitering, port visits, zones and spoofing (on land, shapes, two
   * places) see at most one fix of a vessel per this many seconds; gaps,
   * encounters and drift see every fix. Dense terrestrial feeds report every
   * 2-10 s; those detectors gain nothing from it and the runner 2-3x its speed
   */
  minIntervalS: number;
}

export interface DriftParams {
  /** 1: run the DMA drift detector (emits `loitering` flagged `drift`) */
  enabled: number;
  minSpeedKn: number;
  maxSpeedKn: number;
  minCogHdgDeg: number;
  periodMin: number;
  minDistanceM: number;
}

export interface SpeedChangeParams {
  /** 1: run the DMA sudden-speed-change detector (emits `loitering` flagged `sudden_stop`) */
  enabled: number;
  highKn: number;
  lowKn: number;
  withinS: number;
  sustainS: number;
}

export interface ConvoyParams {
  /** 1: run the convoy detector */
  enabled: number;
  /** fewest vessels moving together at once. Issue H: 3 */
  minMembers: number;
  /** shortest convoy (>= minMembers together), hours. Issue H: 1 */
  minDurationH: number;
  /**
   * two vessels are together within this distance of each other (a line links through its
   * neighbours), metres: station-keeping. Ships leaving port one after another on the same
   * route are 2.5-3 km apart at 9 kn and 10 min (simulate --realism seed 7): traffic, not a convoy
   */
  maxSpacingM: number;
  /** and their courses differ by at most this, degrees */
  maxCourseDiffDeg: number;
  /** and their speeds by at most this, knots */
  maxSpeedDiffKn: number;
  /** under way: speed over ground at least this, knots (slower is drifting, anchored, or trawling at 2-4 kn) */
  minSpeedKn: number;
  /** and at most this, knots (faster is no convoy of merchant hulls; also a bad-speed guard) */
  maxSpeedKn: number;
  /**
   * the vessel classes a convoy is made of (src/ref/shiptype.ts categories): merchant hulls,
   * tugs with their tows, and vessels of unknown type. Not fishing fleets (trawling or steaming
   * to the grounds together), ferries and passenger ships on one route, pleasure craft,
   * warships, law enforcement or SAR in formation: moving together is their trade
   */
  classes: readonly ShipCategory[];
  /**
   * a group counts only this far from any port or anchorage (GeoContext.nearestAnchorage),
   * metres (GFW's encounter exclusion): ships queueing through a harbour channel or leaving
   * port one after another are traffic, not a convoy
   */
  minPortDistM: number;
  /**
   * a group on a port's approach is traffic too: when a port or anchorage lies on its course
   * line (within approachLineKm of it) ahead (it is about to arrive) or astern (it has just
   * left) at most this many km away (0: off). Ships pass a lock or a channel in batches and
   * steam it in line; a convoy that left port together counts once it is this far out
   */
  approachKm: number;
  /** approachKm: how near the course line the port must lie, km (a group making for an anchorage off to one side is no arrival) */
  approachLineKm: number;
  /** time step at which vessels are compared, minutes */
  tickMin: number;
  /** a vessel counts at a tick when its last fix is at most this old (dead-reckoned to the tick), minutes */
  freshMin: number;
  /** a convoy apart (or below minMembers) this long closes, minutes */
  mergeGapMin: number;
  /** a vessel is a member when it was with the convoy this long in all, minutes (passers-by are not) */
  memberMinMin: number;
  /** headingFor: the mean course is projected ahead this far at most, km */
  headingMaxKm: number;
  /** headingFor: in steps of this, km */
  headingStepKm: number;
  /** headingFor: a port or anchorage within this of the projected line is what it makes for, km */
  headingPortKm: number;
}

export interface DestinationParams {
  /** 1: run the destination-change detector */
  enabled: number;
  /** a new destination counts once reported this many times in a row (bit-error guard, as identity) */
  minReports: number;
}

export interface DetectorParams {
  encounter: EncounterParams;
  loitering: LoiteringParams;
  gap: GapParams;
  identity: IdentityParams;
  spoofing: SpoofingParams;
  portVisit: PortVisitParams;
  zones: ZoneParams;
  thinning: ThinningParams;
  drift: DriftParams;
  speedChange: SpeedChangeParams;
  convoy: ConvoyParams;
  destination: DestinationParams;
}

export type ProfileName = 'gfw' | 'skylight' | 'strict';

const GFW: DetectorParams = {
  encounter: {
    maxDistanceM: 500,
    maxSpeedKn: 2,
    minDurationH: 2,
    minAnchorageDistM: 10_000,
    minShoreDistM: 0,
    mergeGapH: 4,
    tickMin: 10,
    freshMin: 30,
    maxSilentH: 12,
    candidateMaxSpeedKn: 5,
    darkPartnerFraction: 0.5,
    darkPartnerMaxKn: 25,
    territorialSeaNm: 12,
  },
  loitering: {
    maxSpeedKn: 2,
    minDurationH: 2,
    minShoreDistNm: 20,
    sampleMin: 60,
    excludeEncounters: 0,
    maxMeanSogKn: 4,
    classes: ['cargo', 'tanker', 'unknown'],
    workingSogKn: 2,
  },
  gap: {
    minGapH: 12,
    shortGapH: 6,
    emitShort: 0,
    disablingShoreNm: 50,
    minPositionsPerDay: 10,
    receptionCellDeg: 0.5,
    minReceptionFraction: 0.5,
    reportNoCoverage: 0,
    reportOpen: 0,
  },
  identity: { minReports: 2, flagHopChanges: 2, flagHopWindowDays: 365 },
  spoofing: {
    maxKnots: 50,
    minClashDistanceM: 50_000,
    clashWindowMin: 60,
    minClashes: 3,
    minOnLand: 3,
    portExclusionM: 5000,
    onLandCoastToleranceM: 2000,
    onLandJumpKn: 25,
    onLandJumpMinM: 1000,
    onLandSpanMin: 30,
    onLandReportInland: 0,
    onLandMovingKn: 1,
    imoMustCarryOnly: 1,
    imoMustCarryLengthM: 50,
    mergeGapH: 6,
    minInvalidPositions: 2,
    circleTurnDeg: 720,
    circleMaxRadiusCv: 0.25,
    circleMinRadiusM: 300,
    shapeMinSpeedKn: 1,
    shapeWindowH: 6,
    minFixesPerSide: 2,
    hairpinMinSpeedKn: 6,
    hairpinReversals: 4,
    hairpinWindowMin: 60,
  },
  portVisit: { entryM: 3000, exitM: 4000, stopStartKn: 0.2, stopEndKn: 0.5, requireStop: 1, mergeGapH: 6, maxEntryKn: 50, feedOutageH: 24 },
  zones: { checkMoveM: 200, maxJumpKn: 50, passMaxH: 3, passMinInsideM: 500, passMinSpeedRatio: 0.8 },
  thinning: { minIntervalS: 20 },
  drift: { enabled: 0, minSpeedKn: 1, maxSpeedKn: 5, minCogHdgDeg: 45, periodMin: 10, minDistanceM: 500 },
  speedChange: { enabled: 0, highKn: 7, lowKn: 1, withinS: 30, sustainS: 60 },
  convoy: {
    enabled: 1,
    minMembers: 3,
    minDurationH: 1,
    maxSpacingM: 2000,
    maxCourseDiffDeg: 15,
    maxSpeedDiffKn: 1.5,
    minSpeedKn: 4,
    maxSpeedKn: 25,
    classes: ['cargo', 'tanker', 'tug', 'special', 'other', 'unknown'],
    minPortDistM: 10_000,
    approachKm: 40,
    approachLineKm: 5,
    tickMin: 10,
    freshMin: 20,
    mergeGapMin: 30,
    memberMinMin: 30,
    headingMaxKm: 400,
    headingStepKm: 5,
    headingPortKm: 15,
  },
  destination: { enabled: 1, minReports: 2 },
};

/**
 * - `gfw` (default): Global Fishing Watch's published definitions.
 * - `skylight`: Skylight's standard rendezvous (250 m, > 30 min); the rest as gfw.
 * - `strict`: fewer, surer events for analysts: encounters 300 m / 1.5 kn /
 *   3 h, loitering >= 4 h (GFW transshipment reports), short and open gaps reported,
 *   clashes need 5 signs, DMA drift and sudden stops on.
 */
export const PROFILES: Readonly<Record<ProfileName, Readonly<DetectorParams>>> = {
  gfw: GFW,
  skylight: { ...GFW, encounter: { ...GFW.encounter, maxDistanceM: 250, minDurationH: 0.5, mergeGapH: 1, tickMin: 5 } },
  strict: {
    ...GFW,
    encounter: { ...GFW.encounter, maxDistanceM: 300, maxSpeedKn: 1.5, minDurationH: 3 },
    loitering: { ...GFW.loitering, minDurationH: 4 },
    gap: { ...GFW.gap, emitShort: 1, reportOpen: 1 },
    spoofing: { ...GFW.spoofing, minClashes: 5, minOnLand: 5, onLandReportInland: 1 },
    drift: { ...GFW.drift, enabled: 1 },
    speedChange: { ...GFW.speedChange, enabled: 1 },
  },
};

export type ParamOverrides = { [K in keyof DetectorParams]?: Partial<DetectorParams[K]> };

/** The parameters of a profile with overrides applied, validated (finite numbers >= 0). */
export function detectorParams(profile: string = 'gfw', overrides: ParamOverrides = {}): DetectorParams {
  const base = (PROFILES as Record<string, DetectorParams | undefined>)[profile];
  if (!base) {
    throw new DarkfleetError('detect_params', `unknown detector profile "${profile}": use one of ${Object.keys(PROFILES).join(', ')}`);
  }
  for (const k of Object.keys(overrides)) {
    if (!(k in base)) throw new DarkfleetError('detect_params', `unknown parameter group ${k}`);
  }
  const group = <G extends keyof DetectorParams>(g: G): DetectorParams[G] => {
    const values = base[g];
    const over: Partial<DetectorParams[G]> = overrides[g] ?? {};
    for (const k of Object.keys(over)) {
      if (!(k in values)) throw new DarkfleetError('detect_params', `unknown parameter ${g}.${k}`);
    }
    const merged = { ...values, ...over };
    for (const [k, v] of Object.entries(merged) as [string, unknown][]) {
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new DarkfleetError('detect_params', `parameter ${g}.${k} must be a finite number >= 0, got ${String(v)}`);
      }
    }
    return merged;
  };
  return {
    encounter: group('encounter'),
    loitering: group('loitering'),
    gap: group('gap'),
    identity: group('identity'),
    spoofing: group('spoofing'),
    portVisit: group('portVisit'),
    zones: group('zones'),
    thinning: group('thinning'),
    drift: group('drift'),
    speedChange: group('speedChange'),
    convoy: group('convoy'),
    destination: group('destination'),
  };
}
