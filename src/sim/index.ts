/**
 * `simulate()`: the West Korea Bay scenario for a seed, written as NMEA, MarineCadastre CSV,
 * ground truth, zones and a README. Deterministic: time comes from `start`, randomness from
 * the seed, so the same options give byte-identical files.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import { loadLand, type LandMask } from './land.js';
import { Rng } from './prng.js';
import { allReports, type Report } from './reports.js';
import { buildScenario, type Scenario } from './scenario.js';
import type { PlantedEvent, PlantedNegative } from './behaviours/context.js';
import { deriveTruth, LOITER_RULE, zonePadMs } from './truth.js';
import type { GroundTruth, TruthEvent, TruthNegative, TruthVessel } from './truth-types.js';
import { writeCsv, writeNmea, type Sink } from './writers.js';
import { zonesGeoJson } from './zones.js';
import { readme } from './readme.js';
import { DarkfleetError } from '../errors.js';
import { satelliteDetections } from './behaviours/detections.js';

export interface SimulateOptions {
  seed: number;
  hours: number;
  /** hulls, planted ones included (default 400) */
  vessels?: number;
  /** ISO 8601 UTC start (default 2026-03-01T00:00:00Z) */
  start?: string;
  /** thinning: at most one position report per vessel every this many seconds (default 60) */
  intervalS?: number;
  /** seconds between static reports (default 360, the ITU rate) */
  staticIntervalS?: number;
  /** probability the receiver misses a message (default 0.03) */
  loss?: number;
  /** lines written with a bad checksum (default 0.02% of position reports, at least 3) */
  malformed?: number;
  /** position noise, metres (default 8) */
  noiseM?: number;
  /** plant the hard cases of real data (README "Realism"; default false) */
  realism?: boolean;
  /** add a dense trawler fleet and write satellite detections with truth (detections.csv; default false) */
  detections?: boolean;
  /** with `detections`: dark convoys (no AIS, seen only by the passes) and dark groups that are not convoys, truth in `darkGroups` (default false) */
  darkConvoys?: boolean;
  /** plant ships shuttling between Nampo and a Chinese anchorage and a single round trip, truth in `routes` (default false) */
  routes?: boolean;
  /** plant movement patterns: convoys and their look-alikes, destination changes (README "Movement"; default false) */
  movement?: boolean;
}

export interface SimulateResult {
  truth: GroundTruth;
  files: { nmea: string; csv: string; truth: string; zones: string; readme: string; detections?: string };
}

export const DEFAULT_START = '2026-03-01T00:00:00Z';
export const STATION = 'darkfleet-sim';

export function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/**
 * A circle reported fewer than twice a loop (a lost report then hides a whole loop: nothing
 * tells the loops apart) or received fewer than 12 times while circling (a centre needs a dozen
 * fixes) may fairly go unseen: optional.
 */
function sampledCircle(e: PlantedEvent, intervalS: number, times: ReadonlyMap<number, readonly number[]>): PlantedEvent {
  if (e.loopS === undefined) return e;
  // the reports received while circling (seed 1805: 25 % loss left 11 of the 18 sent)
  const fixes = (times.get(e.mmsi[0]!) ?? []).filter((t) => t >= e.t0 && t <= e.t1).length;
  if (intervalS <= e.loopS / 2 && fixes >= 12) return e;
  return { ...e, optional: true, note: `${e.note ?? ''}, reported every ${intervalS} s on a ${Math.round(e.loopS / 60)}-min loop (${fixes} fixes received)` };
}

/**
 * A dark rendezvous none of whose partner's reports from the slow approach or alongside was
 * received (15-30 min heard there, reports every 25 min, one lost: seed 1503) shows the partner
 * only at speed, before the other ship had stopped: nothing in the data puts it alongside, so it
 * may fairly go unseen: optional. So is an encounter whose dark side was heard alongside in its
 * first 30 min only by reports that were all lost (seed 1805): the data put it alongside only at
 * the end.
 */
function heardAlongside(e: PlantedEvent, reports: readonly Report[]): PlantedEvent {
  const w = e.alongside;
  if (w === undefined || e.optional) return e;
  if (reports.some((r) => r.kind === 'pos' && r.id.mmsi === w.mmsi && r.t >= w.t0 && r.t <= w.t1)) return e;
  return { ...e, optional: true, note: `${e.note ?? ''}; no report of ${w.mmsi} received while it came in slowly or lay alongside` };
}

/** a convoy is three vessels or more (the detector's default minMembers) */
const CONVOY_MIN_MEMBERS = 3;

/**
 * A convoy whose members' received reports never show three of them together for an hour (a
 * barge unheard for 2 h 12 min at 20-min reports and 20 % loss: seed 1501) cannot be told from
 * the data: optional. A member counts as heard at a 10-min tick when it was received within the
 * last two report intervals (one report lost), at least 20 min.
 */
function heardTogether(e: PlantedEvent, times: ReadonlyMap<number, readonly number[]>, intervalS: number): PlantedEvent {
  if (e.type !== 'convoy' || e.optional) return e;
  // as the detector's freshness: at most an hour (seed 1821: a barge of a 40-min feed unheard for 2 h)
  const within = Math.min(3_600_000, Math.max(20 * 60_000, 2 * intervalS * 1000));
  const step = 10 * 60_000;
  // the longest run of ticks with three heard, first to last tick
  let since = Number.NaN;
  let best = 0;
  for (let t = e.t0; t <= e.t1; t += step) {
    let heard = 0;
    for (const m of e.mmsi) if ((times.get(m) ?? []).some((x) => x <= t && x >= t - within)) heard++;
    if (heard < CONVOY_MIN_MEMBERS) since = Number.NaN;
    else if (Number.isNaN(since)) since = t;
    if (!Number.isNaN(since)) best = Math.max(best, t - since);
  }
  if (best >= 3_600_000) return e;
  return { ...e, optional: true, note: `${e.note ?? ''}; the reports received show ${CONVOY_MIN_MEMBERS} of them together for ${Math.round(best / 60_000)} min at most` };
}

/**
 * A zone exit can be seen no sooner than the first report received after the crossing: on a
 * sparse feed that may come later than the pad (seed 1811: 30-min reports at 30 % loss, the next
 * report 99 min after the ship left the 12 nm belt), so the range reaches it.
 */
function seenExit(e: PlantedEvent, times: ReadonlyMap<number, readonly number[]>): PlantedEvent {
  if (e.crossT === undefined) return e;
  const next = (times.get(e.mmsi[0]!) ?? []).find((t) => t >= e.crossT!);
  return next !== undefined && next > e.t1 ? { ...e, t1: next } : e;
}

/**
 * Loitering whose received reports while slow span less than the rule's minimum hours (seed 1811:
 * 30-min reports at 30 % loss, 3 h slow seen as 1.5 h) cannot be told from the data: optional.
 */
function seenLoitering(e: PlantedEvent, times: ReadonlyMap<number, readonly number[]>): PlantedEvent {
  if (e.type !== 'loitering' || e.optional) return e;
  const seen = (times.get(e.mmsi[0]!) ?? []).filter((t) => t >= e.t0 && t <= e.t1);
  const spanMs = seen.length ? seen[seen.length - 1]! - seen[0]! : 0;
  if (spanMs >= LOITER_RULE.minHours * 3_600_000) return e;
  return { ...e, optional: true, note: `${e.note ?? ''}; the reports received while slow span ${round1(spanMs / 3_600_000)} h` };
}

/**
 * A spoof onto land received fewer than three times, and not twice at least 30 min apart (seed
 * 2603: 45-min reports at 20 % loss, one of the two sent from inland received), shows a fix inland
 * between two jumps: the data cannot tell it from a glitch: optional.
 */
function seenOnLand(e: PlantedEvent, times: ReadonlyMap<number, readonly number[]>): PlantedEvent {
  if (e.type !== 'spoofing' || e.kind !== 'on_land' || e.optional) return e;
  const seen = (times.get(e.mmsi[0]!) ?? []).filter((t) => t >= e.t0 && t <= e.t1);
  if (seen.length >= 3 || (seen.length === 2 && seen[1]! - seen[0]! >= 30 * 60_000)) return e;
  return { ...e, optional: true, note: `${e.note ?? ''}; ${seen.length} report(s) from inland received` };
}

/**
 * A zone crossing whose ship was not received on both sides of the line (outside before it and
 * inside after, for an entry; the reverse for an exit) cannot show in the data (seed 2602:
 * hourly reports, 26 min inside the 12 nm belt and 45 min in the barrage zone, none received
 * there): optional.
 */
function heardCrossing(e: PlantedEvent, times: ReadonlyMap<number, readonly number[]>): PlantedEvent {
  if (e.mustHear === undefined || e.optional) return e;
  const ts = times.get(e.mmsi[0]!) ?? [];
  const deaf = e.mustHear.find(([a, b]) => !ts.some((t) => t >= a && t <= b));
  if (!deaf) return e;
  const inside = e.type === 'zone_entry' ? deaf === e.mustHear[1] : deaf === e.mustHear[0];
  return { ...e, optional: true, note: `${e.note ?? ''}no report received ${inside ? 'inside' : 'outside'} the zone on that side of the crossing` };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** received position report times per MMSI */
function reportTimes(reports: readonly Report[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of reports) {
    if (r.kind !== 'pos') continue;
    const l = out.get(r.id.mmsi);
    if (l) l.push(r.t);
    else out.set(r.id.mmsi, [r.t]);
  }
  return out;
}

function toTruthEvent(e: PlantedEvent): TruthEvent {
  const out: TruthEvent = { type: e.type, mmsi: [...e.mmsi].sort((a, b) => a - b), start: iso(e.t0), end: iso(e.t1) };
  if (e.lat !== undefined) out.lat = e.lat;
  if (e.lon !== undefined) out.lon = e.lon;
  if (e.flags) out.flags = e.flags;
  if (e.kind) out.kind = e.kind;
  if (e.zone) out.zone = e.zone;
  if (e.withoutZonesFile) out.withoutZonesFile = true;
  if (e.zonesFileOnly) out.zonesFileOnly = true;
  if (e.imo !== undefined) out.imo = e.imo;
  if (e.optional) out.optional = true;
  if (e.note) out.note = e.note;
  return out;
}

function toNegative(n: PlantedNegative): TruthNegative {
  return { kind: n.kind, mmsi: n.mmsi, start: iso(n.t0), end: iso(n.t1), mustNotFire: n.mustNotFire, ...(n.note ? { note: n.note } : {}) };
}

function vesselsOf(sc: Scenario): TruthVessel[] {
  const out: TruthVessel[] = [];
  for (const p of sc.plans) {
    if (p.clone) continue;
    const listed = new Set<string>();
    for (const id of p.identities) {
      // a new destination alone is no new identity (movement scenarios re-declare destinations)
      const key = `${id.mmsi}|${id.name}|${id.callsign}|${id.imo}|${id.shipType}|${id.flag}`;
      if (listed.has(key)) continue;
      listed.add(key);
      out.push({ mmsi: id.mmsi, imo: id.imo, name: id.name, callsign: id.callsign, shipType: id.shipType, flag: id.flag, role: p.role, cls: p.cls });
    }
  }
  return out.sort((a, b) => a.mmsi - b.mmsi);
}

/** what a realism scenario adds to `generator`: where the anchorage and the coverage hole were put */
function realismRecord(sc: Scenario): Record<string, unknown> {
  const a = sc.anchorage;
  return {
    realism: true,
    anchorage: { lat: a.centre.lat, lon: a.centre.lon, radiusM: a.radiusM, note: 'placed per seed; not in zones.geojson: the detectors must learn it' },
    coverageHoles: sc.holes.map((h) => ({ south: round4(h.box.s), north: round4(h.box.n), west: round4(h.box.w), east: round4(h.box.e), start: iso(h.t0), end: iso(h.t1) })),
  };
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Generates the scenario; NMEA and CSV text go to the sinks as they are made (by default
 * they are collected and returned, for tests and small runs).
 */
export function generate(
  opts: SimulateOptions,
  sinks?: { nmea: Sink; csv: Sink },
  land: LandMask = loadLand(),
): { scenario: Scenario; truth: GroundTruth; nmea: string[]; csv: string[]; detections: string | null } {
  const nmeaOut: string[] = [];
  const csvOut: string[] = [];
  const nmeaSink = sinks?.nmea ?? ((c: string): void => void nmeaOut.push(c));
  const csvSink = sinks?.csv ?? ((c: string): void => void csvOut.push(c));
  const start = Date.parse(opts.start ?? DEFAULT_START);
  if (Number.isNaN(start)) throw new DarkfleetError('sim_params', `cannot read start time ${opts.start}`);
  const intervalS = opts.intervalS ?? 60;
  const staticIntervalS = opts.staticIntervalS ?? 360;
  const loss = opts.loss ?? 0.03;
  const noiseM = opts.noiseM ?? 8;
  const vessels = opts.vessels ?? 400;
  const realism = opts.realism === true;
  const withDetections = opts.detections === true;
  const movement = opts.movement === true;
  const scenario = buildScenario({ seed: opts.seed, start, hours: opts.hours, vessels, ...(realism ? { realism } : {}), ...(withDetections ? { detections: true } : {}), ...(movement ? { movement } : {}), ...(opts.routes ? { routes: true } : {}) }, land);
  const { reports, stats } = allReports(scenario.plans, { seed: opts.seed, intervalS, staticIntervalS, loss, noiseM });
  const malformed = opts.malformed ?? Math.max(3, Math.round(stats.positions * 0.0002));
  const nmea = writeNmea(reports, new Rng(opts.seed, 999), malformed, STATION, nmeaSink);
  const csv = writeCsv(reports, nmea.corrupted, csvSink);
  const times = reportTimes(reports);
  const events = [...scenario.events.map((e) => seenOnLand(heardTogether(heardAlongside(sampledCircle(e, intervalS, times), reports), times, intervalS), times)), ...deriveTruth(scenario, land, zonePadMs(intervalS)).map((e) => seenLoitering(heardCrossing(seenExit(e, times), times), times))]
    .map(toTruthEvent)
    .sort((a, b) => a.start.localeCompare(b.start) || a.type.localeCompare(b.type) || a.mmsi[0]! - b.mmsi[0]!);
  const truth: GroundTruth = {
    seed: opts.seed,
    start: iso(start),
    hours: opts.hours,
    generator: {
      command: `darkfleet simulate --seed ${opts.seed} --hours ${opts.hours} --vessels ${vessels} --interval ${intervalS} --static-interval ${staticIntervalS} --loss ${loss}${realism ? ' --realism' : ''}${movement ? ' --movement' : ''}${opts.routes ? ' --routes' : ''}`,
      version: VERSION,
      vessels,
      intervalS,
      staticIntervalS,
      loss,
      noiseM,
      station: STATION,
      landMask: 'Natural Earth 1:10m land (npm world-atlas land-10m.json)',
      zones: 'zones.geojson',
      zonePadMinutes: zonePadMs(intervalS) / 60000,
      loiteringRule: LOITER_RULE,
      planted: scenario.counts,
      ...(realism ? realismRecord(scenario) : {}),
      ...(movement ? { movement: true } : {}),
    },
    vessels: vesselsOf(scenario),
    events,
    negatives: scenario.negatives.map(toNegative).sort((a, b) => a.start.localeCompare(b.start) || a.mmsi[0]! - b.mmsi[0]!),
    ...(opts.routes ? { routes: scenario.routes.map((r) => ({ ...r, voyages: r.voyages.map((v) => ({ ...v, depart: iso(v.depart), arrive: iso(v.arrive) })) })) } : {}),
    stats: { positions: stats.positions, statics: stats.statics, nmeaLines: nmea.lines, malformedLines: nmea.malformed, csvRows: csv.rows, lostMessages: stats.lost },
  };
  let detections: string | null = null;
  if (withDetections) {
    const d = satelliteDetections(
      { plans: scenario.plans, events: scenario.events, t0: scenario.t0, t1: scenario.t1, land, dense: scenario.dense, ...(opts.darkConvoys ? { darkConvoys: new Rng(opts.seed, 40) } : {}) },
      new Rng(opts.seed, 37),
    );
    detections = d.csv;
    truth.detections = d.truth;
    if (d.groups) truth.darkGroups = d.groups;
  }
  return { scenario, truth, nmea: nmeaOut, csv: csvOut, detections };
}

/** Generates the scenario and writes it to `outDir`. */
export function simulate(outDir: string, opts: SimulateOptions): SimulateResult {
  mkdirSync(outDir, { recursive: true });
  const files = {
    nmea: join(outDir, 'ais.nmea'),
    csv: join(outDir, 'ais.csv'),
    truth: join(outDir, 'ground-truth.json'),
    zones: join(outDir, 'zones.geojson'),
    readme: join(outDir, 'README.txt'),
  };
  const nmeaFd = openSync(files.nmea, 'w');
  const csvFd = openSync(files.csv, 'w');
  let g: ReturnType<typeof generate>;
  try {
    g = generate(opts, { nmea: (c) => void writeSync(nmeaFd, c), csv: (c) => void writeSync(csvFd, c) });
  } finally {
    closeSync(nmeaFd);
    closeSync(csvFd);
  }
  const truth = g.truth;
  writeFileSync(files.truth, `${JSON.stringify(truth, null, 1)}\n`);
  writeFileSync(files.zones, `${JSON.stringify(zonesGeoJson(g.scenario.zones), null, 1)}\n`);
  writeFileSync(files.readme, readme(truth));
  if (g.detections !== null) {
    const detections = join(outDir, 'detections.csv');
    writeFileSync(detections, g.detections);
    return { truth, files: { ...files, detections } };
  }
  return { truth, files };
}

/** The bundled demo dataset (data/sample/nampo): regenerate with `REGEN=1 npx vitest run test/sim/sample.test.ts`. */
export const SAMPLE_DIR = 'data/sample/nampo';
export const SAMPLE_OPTIONS: SimulateOptions = { seed: 1, hours: 24, vessels: 130, intervalS: 300, staticIntervalS: 3600 };
