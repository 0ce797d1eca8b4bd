/**
 * How a feed is cut into partitions for scale-out (README "Growing past one machine").
 *
 * Two families of partitions, each a subject of the JetStream stream and a durable consumer:
 * - `m.<i>` (MMSI partitions): every record of a vessel goes to partition hash(MMSI) mod M, so
 *   the per-vessel detectors (loitering, gap, port visit, zones, identity, spoofing, drift) see
 *   all of it, and these partitions store the positions and static reports;
 * - `c.<j>` (cell partitions): the pairwise detector (encounters) needs every vessel near
 *   another in one place. The sea is cut in cells of `cellDeg`; cell (row, col) belongs to
 *   partition hash(row, col) mod C. A position goes to the partitions of every cell within
 *   `marginDeg` of it (the neighbour overlap), and also to those of the vessel's previous
 *   position, so a partition always sees the fix with which a vessel leaves its area (the
 *   encounter detector then knows where it went, as a single process would). Static reports go
 *   to every cell partition (the encounter flags read ship types; the hull check of identity
 *   changes needs every report carrying one IMO).
 * - `g.0` (the group partition, when the plan has `groups: 1`): convoys link vessels of any
 *   MMSI partition and move across cells for hours, so no MMSI or cell partition sees a whole
 *   convoy; every record also goes to this one partition, whose runner runs only the convoy
 *   detector (cheap: one tick every few minutes over a neighbour grid). It is the one partition
 *   that does not divide as workers are added; at ~2 us a position it keeps up with hundreds of
 *   thousands of positions a second.
 * Ownership, so each event is emitted exactly once: a cell partition emits only encounters
 * whose position lies in one of its own cells (the margin only feeds it context) and the
 * MMSI-change identity events (one hull, two MMSIs) of the IMOs hashed to it; the group
 * partition emits convoys; MMSI partitions emit every other event (and convoys too on a stream
 * made before group partitions, whose plan has none).
 * Each partition's runner runs only the detectors of the events it owns (`detectorsOf`).
 */
import type { Event } from '../events.js';
import type { DetectorChoice } from '../detect/runner.js';
import type { FeedRecord } from './order.js';
import { isPosition } from './order.js';
import { DarkfleetError } from '../errors.js';

export interface PartitionPlan {
  /** MMSI partitions */
  mmsi: number;
  /** cell partitions */
  cells: number;
  /** cell size, degrees */
  cellDeg: number;
  /** overlap: a position also goes to cells this close, degrees */
  marginDeg: number;
  /** group partitions (0 or 1): convoys; a stream's plan from before them has none */
  groups: number;
}

export type PartitionKind = 'm' | 'c' | 'g';

export const DEFAULT_PLAN: PartitionPlan = { mmsi: 4, cells: 4, cellDeg: 1, marginDeg: 0.25, groups: 1 };

/** A partition's name: `m.3`, `c.0`. */
export type PartitionName = string;

/** The plan checked; `groups` absent (a stream made before group partitions) is 0. */
export function checkPlan(plan: Omit<PartitionPlan, 'groups'> & { groups?: number }): PartitionPlan {
  const p: PartitionPlan = { ...plan, groups: plan.groups ?? 0 };
  const ok = Number.isInteger(p.mmsi) && p.mmsi >= 1 && Number.isInteger(p.cells) && p.cells >= 1 && p.cellDeg > 0 && p.marginDeg >= 0 && p.marginDeg < p.cellDeg && (p.groups === 0 || p.groups === 1);
  if (!ok) throw new DarkfleetError('live_plan', `bad partition plan ${JSON.stringify(plan)}: needs mmsi >= 1, cells >= 1, cellDeg > 0, 0 <= marginDeg < cellDeg, groups 0 or 1`);
  return p;
}

export function allPartitions(plan: PartitionPlan): PartitionName[] {
  const out: PartitionName[] = [];
  for (let i = 0; i < plan.mmsi; i++) out.push(`m.${i}`);
  for (let j = 0; j < plan.cells; j++) out.push(`c.${j}`);
  for (let g = 0; g < plan.groups; g++) out.push(`g.${g}`);
  return out;
}

/**
 * The detectors a partition's runner needs: those of the events it owns (ownsEvent). MMSI
 * partitions keep `encounter` when loitering excludes encounter partners (the exclusion reads them).
 */
export function detectorsOf(kind: PartitionKind, plan: PartitionPlan, excludeEncounters: boolean): DetectorChoice {
  if (kind === 'c') return { only: ['encounter', 'identity'] };
  if (kind === 'g') return { only: ['convoy'] };
  return { except: [...(excludeEncounters ? [] : ['encounter']), ...(plan.groups > 0 ? ['convoy'] : [])] };
}

/** A well-mixed 32-bit hash of an integer (murmur3's finaliser): MMSIs are not uniform in their low digits. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function mmsiPartition(mmsi: number, plan: PartitionPlan): number {
  return mix32(mmsi) % plan.mmsi;
}

function cellPartitionOf(row: number, col: number, plan: PartitionPlan): number {
  return mix32(Math.imul(row, 73_856_093) ^ Math.imul(col, 19_349_663)) % plan.cells;
}

/** The cell partition owning a point. */
export function cellPartition(lat: number, lon: number, plan: PartitionPlan): number {
  return cellPartitionOf(Math.floor((lat + 90) / plan.cellDeg), Math.floor((lon + 180) / plan.cellDeg), plan);
}

/** Bit set of the cell partitions of every cell within marginDeg of a point (cells <= 31). */
function cellMask(lat: number, lon: number, plan: PartitionPlan): number {
  const m = plan.marginDeg;
  const r0 = Math.floor((lat - m + 90) / plan.cellDeg);
  const r1 = Math.floor((lat + m + 90) / plan.cellDeg);
  const c0 = Math.floor((lon - m + 180) / plan.cellDeg);
  const c1 = Math.floor((lon + m + 180) / plan.cellDeg);
  let mask = 0;
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) mask |= 1 << cellPartitionOf(r, c, plan);
  return mask;
}

/** Sends each record to its partitions (stateful: remembers each vessel's previous cells). */
export class Router {
  private readonly prev = new Map<number, number>();
  private readonly allCells: number;

  constructor(readonly plan: PartitionPlan) {
    checkPlan(plan);
    if (plan.cells > 31) throw new DarkfleetError('live_plan', 'at most 31 cell partitions');
    this.allCells = plan.cells === 31 ? 0x7fffffff : (1 << plan.cells) - 1;
  }

  /** Calls `to(kind, index)` for every partition of the record. */
  route(r: FeedRecord, to: (kind: PartitionKind, index: number) => void): void {
    to('m', mmsiPartition(r.mmsi, this.plan));
    if (this.plan.groups > 0) to('g', 0);
    let mask: number;
    if (isPosition(r)) {
      const here = cellMask(r.lat, r.lon, this.plan);
      mask = here | (this.prev.get(r.mmsi) ?? 0);
      this.prev.set(r.mmsi, here);
    } else mask = this.allCells;
    for (let j = 0; mask !== 0; j++, mask >>>= 1) if (mask & 1) to('c', j);
  }
}

/** Is this event emitted by this partition? (the ownership rule above) */
export function ownsEvent(kind: PartitionKind, index: number, e: Event, plan: PartitionPlan): boolean {
  const hull = e.type === 'identity_change' && e.flags.includes('mmsi_change');
  const grouped = e.type === 'convoy' && plan.groups > 0;
  if (kind === 'g') return grouped;
  if (kind === 'm') return e.type !== 'encounter' && !hull && !grouped;
  if (e.type === 'encounter') return e.lat !== null && e.lon !== null && cellPartition(e.lat, e.lon, plan) === index;
  if (hull) return mix32(Number(e.evidence['imo'])) % plan.cells === index;
  return false;
}
