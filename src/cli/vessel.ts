/**
 * `darkfleet vessel MMSI|IMO`: everything the store knows of one hull: its identity
 * timeline (names, call signs, IMO, flags over time), its events, and a risk score whose every
 * point names the event or list entity behind it, over the period the store has data for. An
 * identity the store has never seen is "not in this store" (exit code 3), never a clean 0/100.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { IdentityPeriod, IdentityQuery, Store } from '../store/types.js';
import { isoTime, type Event } from '../events.js';
import { riskScore, type RiskScore } from '../screen/risk.js';
import { formatTable } from '../export/events.js';
import { isValidImo } from '../ref/imo.js';
import { UsageError } from '../errors.js';
import { nothingFound } from './output.js';

/** When the store first and last heard the vessel (positions and static reports), ISO 8601 UTC. */
export interface SeenPeriod {
  firstSeen: string;
  lastSeen: string;
  positions: number;
  staticReports: number;
}

export interface VesselReport {
  found: true;
  query: { mmsi?: number; imo?: number };
  identities: IdentityPeriod[];
  mmsis: number[];
  events: Event[];
  /** what the store holds of the vessel; null when it is known only through events */
  seen: SeenPeriod | null;
  /** the score over the period the store holds data for (the events' span when only events are stored) */
  risk: RiskScore & { period: { from: string; to: string } };
}

/** The store has never seen this identity: not a clean vessel, an unknown one (CLI exit 3, API 404). */
export interface VesselNotFound {
  found: false;
  query: { mmsi?: number; imo?: number };
  message: string;
}

/** MMSI (9 digits) or IMO (7 digits, or `IMO1234567`). */
export function parseVesselId(s: string): { mmsi: number } | { imo: number } {
  const t = s.trim().toUpperCase().replace(/^IMO\s*/, 'IMO');
  if (/^IMO\d{7}$/.test(t) || /^\d{7}$/.test(t)) return { imo: Number(t.replace('IMO', '')) };
  if (/^\d{9}$/.test(t)) return { mmsi: Number(t) };
  throw new UsageError(`"${s}" is neither an MMSI (9 digits) nor an IMO number (7 digits)`);
}

export async function vesselReport(db: string, id: string): Promise<VesselReport | VesselNotFound> {
  const q = parseVesselId(id);
  const store = await openStore(db, { mustExist: true });
  try {
    return await lookupVessel(store, q);
  } finally {
    await store.close();
  }
}

/** Everything `store` knows of one MMSI or IMO, or a typed "not in this store". */
export async function lookupVessel(store: Store, q: IdentityQuery): Promise<VesselReport | VesselNotFound> {
  const identities = await store.vesselIdentity(q);
  // a hull seen under several MMSIs: all of them
  const mmsis = [...new Set(['mmsi' in q ? [q.mmsi] : [], identities.map((p) => p.mmsi)].flat())].sort((a, b) => a - b);
  const seen = mmsis.length ? await seenPeriod(store, mmsis, identities) : null;
  const byId = new Map<string, Event>();
  for (const m of mmsis) for (const e of await store.events({ mmsi: m })) byId.set(e.id, e);
  const events = [...byId.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
  if (!seen && events.length === 0) {
    const what = 'mmsi' in q ? `MMSI ${q.mmsi}` : `IMO ${q.imo}`;
    return { found: false, query: q, message: `${what} is not in this store (${store.location}): no position, static report or event of it; unknown, not clean` };
  }
  const latest = identities[identities.length - 1];
  const identity = { mmsi: mmsis[0] ?? null, imo: 'imo' in q ? q.imo : (latest?.imo ?? null), name: latest?.name ?? null, callsign: latest?.callsign ?? null, flag: latest?.flag ?? null };
  const period = seen
    ? { from: seen.firstSeen, to: seen.lastSeen }
    : { from: isoTime(Math.min(...events.map((e) => Date.parse(e.start)))), to: isoTime(Math.max(...events.map((e) => Date.parse(e.end)))) };
  const risk = { ...riskScore(identity, [], events), period };
  return { found: true, query: q, identities, mmsis, events, seen, risk };
}

/** First and last time the store heard any of `mmsis` (positions and static reports); null when never. */
async function seenPeriod(store: Store, mmsis: number[], identities: IdentityPeriod[]): Promise<SeenPeriod | null> {
  let lo = Infinity;
  let hi = -Infinity;
  let positions = 0;
  for await (const batch of store.positionBatches({ mmsi: mmsis, order: 'vessel' })) {
    positions += batch.length;
    for (const p of batch) {
      if (p.t < lo) lo = p.t;
      if (p.t > hi) hi = p.t;
    }
  }
  let staticReports = 0;
  for (const p of identities) {
    staticReports += p.reports;
    if (p.from < lo) lo = p.from;
    if (p.to > hi) hi = p.to;
  }
  if (positions === 0 && staticReports === 0) {
    // statics of a queried MMSI without identity fields (no name, IMO...) still count as heard
    for await (const s of store.statics({ mmsi: mmsis })) {
      staticReports++;
      if (s.t < lo) lo = s.t;
      if (s.t > hi) hi = s.t;
    }
  }
  if (positions === 0 && staticReports === 0) return null;
  return { firstSeen: isoTime(lo), lastSeen: isoTime(hi), positions, staticReports };
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatVessel(r: VesselReport): string {
  const out: string[] = [];
  const imo = r.identities.find((p) => p.imo)?.imo;
  out.push(`Vessel ${'mmsi' in r.query ? `MMSI ${r.query.mmsi}` : `IMO ${r.query.imo}`}${imo ? `  (IMO ${imo}${isValidImo(imo) ? '' : ', check digit INVALID'})` : ''}`);
  out.push(`MMSIs seen: ${r.mmsis.join(', ')}`);
  if (r.seen) out.push(`First seen ${day(Date.parse(r.seen.firstSeen))}, last seen ${day(Date.parse(r.seen.lastSeen))} UTC`);
  out.push('', 'Identity timeline (UTC):');
  if (r.identities.length === 0) out.push('  no static reports stored');
  for (const p of r.identities) {
    out.push(`  ${day(p.from)} .. ${day(p.to)}  MMSI ${p.mmsi}  ${p.name ?? '?'}  callsign ${p.callsign ?? '?'}  IMO ${p.imo ?? '?'}  flag ${p.flag ?? '?'}  (${p.reports} reports)`);
  }
  out.push('', `Events (${r.events.length}):`);
  out.push(r.events.length ? formatTable(r.events).replace(/^/gm, '  ') : '  none');
  out.push('', `Risk score: ${r.risk.score}/100 over ${day(Date.parse(r.risk.period.from))} .. ${day(Date.parse(r.risk.period.to))} UTC (${r.seen ? `first and last seen: ${r.seen.positions} positions, ${r.seen.staticReports} static reports` : 'the span of its stored events; no positions stored'})`);
  for (const c of r.risk.components) out.push(`  +${c.points}  ${c.category}: ${c.reason}${c.evidence.event ? ` [${c.evidence.event}]` : ''}${c.evidence.entity ? ` [${c.evidence.entity}]` : ''}`);
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('vessel')
    .description('identity history, events and risk score of one vessel (MMSI or IMO); exit code 3 when the store has never seen it')
    .argument('<id>', 'MMSI (9 digits) or IMO number (7 digits, or IMO1234567)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--json', 'print the report as JSON')
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const r = await vesselReport(opts.db, id);
      if (!r.found) {
        process.exitCode = nothingFound(r.message);
        return;
      }
      process.stdout.write(`${opts.json ? JSON.stringify(r) : formatVessel(r)}\n`);
    });
}
