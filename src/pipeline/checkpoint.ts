/**
 * Incremental analysis: where `analyze` resumes, and what it saves so the next run can.
 *
 * A checkpoint is the detector runner's state (src/detect/snapshot.ts) after every record
 * earlier than its time `t`, saved in the store under the analysis key (profile, parameters,
 * zones, twilight, traffic-layer options, darkfleet version: any change means a full run).
 * Runs save one at each UTC day boundary they cross (the last KEEP_DAYS kept) and a *head*
 * just after the last record, before the end-of-input flush. A run resumed from the head whose
 * first record lies past the next boundary keeps that head as the boundary's checkpoint (the
 * same state: no record between) rather than encoding and writing it again. The head also carries what the
 * next run needs to decide: the stored data's counts per hour when the run started, the
 * event ids every run under this key emitted with the feed time they were emitted at, and
 * the checkpoints whose events are committed (a run killed half-way leaves none usable).
 *
 * The next run resumes from the latest checkpoint no later than the earliest of:
 * - the first hour whose stored counts changed (new or late data: positions and statics are
 *   only ever added). Hours, because the traffic layer's coverage is per hour: a gap closed
 *   in an hour was judged with that hour's data, so a checkpoint inside a changed hour is
 *   stale; checkpoints sit on hour boundaries except the head, which is usable when the new
 *   data starts in a later hour than the last record.
 * - the first time the detectors asked the learned geography something it now answers
 *   differently: the traffic layer is learned from all the data, so new data can change
 *   water evidence (isWater, logged per layer cell with the answer given) and the learned
 *   anchorages (nearestAnchorage, logged per point asked with its answer; asked again only
 *   inside the search box of an anchorage that changed, where alone the answer can differ).
 * Events emitted at or after the resume time are deleted before the re-run emits them again
 * (same deterministic ids), so those the new data makes obsolete (an open gap now closed, a
 * flush's provisional end) go, and the store ends as a full run leaves it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';
import type { GeoContext, GeoCoverage } from '../detect/geo-context.js';
import { decodeState, encodeState } from '../detect/snapshot.js';
import type { RunnerState } from '../detect/runner.js';
import type { ParallelState } from './parallel.js';
import type { LearnedAnchorage, TrafficLayer } from '../geo/traffic.js';
import type { DataCount, Store } from '../store/types.js';
import { VERSION } from '../version.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** day checkpoints kept: data later than this many days before the head re-runs from a day checkpoint, older data from the start */
export const KEEP_DAYS = 7;
/**
 * the blob layout below and the detectors' state in it: a change to either (2: the encounter
 * detector's vessels and tick samples got fields; 3: convoys keep their ticks' members, zone
 * states their last look-up's time and speed; 4: an encounter pair's ticks in one typed array;
 * 5: the de-duplication table is a ring per region of MMSIs, the detectors' per-vessel maps are
 * MmsiMaps) makes older checkpoints unreadable, so they are ignored (full run)
 */
export const CHECKPOINT_FORMAT = 5;

/** One checkpoint blob. */
export interface Checkpoint {
  format: number;
  key: string;
  /** the state is after every record with time < t */
  t: number;
  /** encodeState({runner: RunnerState, geo: GeoLogState}): encoded apart, so a head can be taken before the flush changes them */
  state: Uint8Array;
  /** the learned anchorages the run's detectors saw (what decides them: label, cells) */
  anchorages: AnchorageShape[];
  head: HeadInfo | null;
}

export interface HeadInfo {
  /** stored counts per hour (start epoch ms -> positions, statics) when the run started */
  counts: [number, number, number][];
  /** every event id emitted under this key -> the feed time it was emitted at (Infinity: at the flush) */
  emitted: Map<string, number>;
  /** times of the other checkpoints whose events are committed */
  valid: number[];
}

export interface AnchorageShape {
  label: string;
  iso3: string;
  lat: number;
  lon: number;
  cells: number[];
}

export interface GeoLogState {
  /** traffic-layer cell -> [lat, lon, answer (1 water), first feed time asked] */
  water: Map<number, [number, number, number, number]>;
  /** anchorage look-ups: "lat,lon" -> [lat, lon, answer, first feed time] */
  near: Map<string, [number, number, string, number]>;
}

/** The analysis key: any change of what shapes the events gives another key, so a full run. */
export function analysisKey(parts: { profile: string; params: unknown; zonesFile?: string; twilight?: string; traffic?: unknown; shares?: number }): string {
  const zones = parts.zonesFile ? createHash('sha256').update(readFileSync(parts.zonesFile)).digest('hex') : 'bundled';
  // the per-vessel threads of a parallel replay: its state is one runner's per thread (none: one runner)
  const text = JSON.stringify({ format: CHECKPOINT_FORMAT, version: VERSION, profile: parts.profile, params: parts.params, zones, twilight: parts.twilight ?? 'none', traffic: parts.traffic ?? null, ...(parts.shares ? { shares: parts.shares } : {}) });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function anchorageShapes(list: readonly LearnedAnchorage[]): AnchorageShape[] {
  return list.map((a) => ({ label: a.label, iso3: a.iso3, lat: a.lat, lon: a.lon, cells: [...a.cells] }));
}


/**
 * The detectors' map, logging what they asked of the learned geography (see the file header):
 * a wrapper, so neither the detectors nor WorldGeo know about checkpoints. `now` is set by the
 * caller to a feed time no later than the records being pushed.
 */
export class LoggingGeo implements GeoContext {
  now = Number.NEGATIVE_INFINITY;
  log: GeoLogState = { water: new Map(), near: new Map() };

  constructor(
    private readonly inner: GeoContext,
    private readonly traffic: TrafficLayer | null,
  ) {}

  distanceToShoreM(lat: number, lon: number): number {
    return this.inner.distanceToShoreM(lat, lon);
  }
  isOnLand(lat: number, lon: number): boolean {
    return this.inner.isOnLand(lat, lon);
  }
  isNight(t: number, lat: number, lon: number): boolean {
    return this.inner.isNight(t, lat, lon);
  }
  zonesAt(lat: number, lon: number): string[] {
    return this.inner.zonesAt(lat, lon);
  }
  coverage(lat: number, lon: number, fromMs: number, toMs: number, excludeMmsi?: number): GeoCoverage | null {
    return this.inner.coverage(lat, lon, fromMs, toMs, excludeMmsi);
  }
  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null {
    const a = this.inner.nearestAnchorage(lat, lon);
    if (!this.traffic) return a;
    const k = `${lat},${lon}`;
    if (!this.log.near.has(k)) this.log.near.set(k, [lat, lon, answer(a), this.now]);
    return a;
  }
  isWater(lat: number, lon: number): boolean {
    const w = this.inner.isWater(lat, lon);
    if (this.traffic) {
      const c = this.traffic.grid.cellOf(lat, lon);
      if (!this.log.water.has(c)) this.log.water.set(c, [lat, lon, w ? 1 : 0, this.now]);
    }
    return w;
  }
}

export interface SavedState {
  /** one runner's state, or a parallel replay's (one per thread) */
  runner: RunnerState | ParallelState;
  geo: GeoLogState;
}

export function encodeSaved(s: SavedState): Uint8Array {
  return encodeState(s);
}

export function decodeSaved(c: Checkpoint): SavedState {
  return decodeState(c.state) as SavedState;
}

/** Deflated (level 1: fast): detector state holds large, mostly empty typed arrays (the segmenter's de-duplication table). */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  return deflateRawSync(encodeState(c), { level: 1 });
}

/** A checkpoint blob, or null when it is of another format or key (then it is ignored). */
export function decodeCheckpoint(bytes: Uint8Array, key: string): Checkpoint | null {
  let raw: Uint8Array;
  try {
    raw = inflateRawSync(bytes);
  } catch {
    return null;
  }
  return fromInflated(raw, key);
}

const inflateAsync = promisify(inflateRaw);

/** decodeCheckpoint, inflating on libuv's thread pool: this thread builds the map meanwhile (analyze.ts). */
async function decodeCheckpointAsync(bytes: Uint8Array, key: string): Promise<Checkpoint | null> {
  let raw: Uint8Array;
  try {
    raw = await inflateAsync(bytes);
  } catch {
    return null;
  }
  return fromInflated(raw, key);
}

function fromInflated(raw: Uint8Array, key: string): Checkpoint | null {
  let c: Checkpoint;
  try {
    c = decodeState(raw) as Checkpoint;
  } catch {
    return null;
  }
  return c && c.format === CHECKPOINT_FORMAT && c.key === key ? c : null;
}

type Box = readonly [number, number, number, number];

const answer = (a: { label: string; iso3: string; distanceM: number } | null): string => (a ? `${a.label}|${a.iso3}|${a.distanceM}` : '');

/** Where a learned anchorage can change a look-up: its cells' extent and WorldGeo's 50 km reach, with a margin; [s, w, n, e]. */
function anchorageBoxes(list: readonly AnchorageShape[], traffic: TrafficLayer): Box[] {
  const padDeg = 50_000 / 111_000 + 0.01;
  return list.map((a) => {
    let s = 90, n = -90, w = 180, e = -180;
    for (const cell of a.cells) {
      const [lat, lon] = traffic.grid.center(cell);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
      w = Math.min(w, lon);
      e = Math.max(e, lon);
    }
    const padLon = padDeg / Math.max(0.05, Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180));
    return [s - padDeg, w - padLon, n + padDeg, e + padLon] as const;
  });
}

const inBoxes = (boxes: readonly Box[], lat: number, lon: number): boolean => boxes.some(([s, w, n, e]) => lat >= s && lat <= n && lon >= w && lon <= e);

/**
 * The earliest feed time at which the learned geography the detectors asked (the log `c.geo`,
 * asked of the map of `c.anchorages`) answers differently now (`geo`, its traffic layer and
 * anchorages), or Infinity. Water evidence is asked again; an anchorage look-up only when it
 * lies in the search box of an anchorage that changed (added, gone, other cells or centre):
 * elsewhere the answer cannot have changed.
 */
export function geographyChangedAt(
  c: { geo: GeoLogState; anchorages: AnchorageShape[] },
  geo: GeoContext,
  traffic: TrafficLayer | null,
  anchorages: readonly AnchorageShape[],
): number {
  let at = Number.POSITIVE_INFINITY;
  for (const [lat, lon, was, t] of c.geo.water.values()) {
    if (t < at && (geo.isWater(lat, lon) ? 1 : 0) !== was) at = t;
  }
  const sig = (a: AnchorageShape): string => JSON.stringify(a);
  const before = new Set(c.anchorages.map(sig));
  const after = new Set(anchorages.map(sig));
  const changed = [...c.anchorages.filter((a) => !after.has(sig(a))), ...anchorages.filter((a) => !before.has(sig(a)))];
  if (changed.length === 0) return at;
  if (!traffic) return c.geo.near.size ? Number.NEGATIVE_INFINITY : at;
  const boxes = anchorageBoxes(changed, traffic);
  for (const [lat, lon, was, t] of c.geo.near.values()) {
    if (t < at && inBoxes(boxes, lat, lon) && answer(geo.nearestAnchorage(lat, lon)) !== was) at = t;
  }
  return at;
}

/** The first hour whose counts differ between what the head saw and the store now, or Infinity. */
export function firstChangedHour(seen: readonly [number, number, number][], now: readonly DataCount[]): number {
  const before = new Map(seen.map(([h, p, s]) => [h, `${p}/${s}`]));
  let at = Number.POSITIVE_INFINITY;
  const hours = new Set<number>();
  for (const c of now) {
    hours.add(c.start);
    if (before.get(c.start) !== `${c.positions}/${c.statics}`) at = Math.min(at, c.start);
  }
  // an hour the head saw that is gone (rows removed by hand): re-run from there too
  for (const [h] of seen) if (!hours.has(h)) at = Math.min(at, h);
  return at;
}

/** The times of `key`'s checkpoints and its head (the latest readable one marked head), if any. */
export async function readHead(store: Store, key: string): Promise<{ head: Checkpoint | null; times: number[] }> {
  const times = await store.checkpoints(key);
  for (let i = times.length - 1; i >= 0; i--) {
    const bytes = await store.checkpoint(key, times[i]!);
    const c = bytes ? await decodeCheckpointAsync(bytes, key) : null;
    if (c?.head) return { head: c, times };
  }
  return { head: null, times };
}
