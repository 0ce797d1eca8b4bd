/**
 * `darkfleet vessel MMSI|IMO`: everything the store knows of one hull: its identity
 * timeline (names, call signs, IMO, flags over time), its events, and a risk score whose every
 * point names the event or list entity behind it.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { IdentityPeriod } from '../store/types.js';
import type { Event } from '../events.js';
import { riskScore, type RiskScore } from '../screen/risk.js';
import { formatTable } from '../export/events.js';
import { isValidImo } from '../ref/imo.js';
import { UsageError } from '../errors.js';

export interface VesselReport {
  query: { mmsi?: number; imo?: number };
  identities: IdentityPeriod[];
  mmsis: number[];
  events: Event[];
  risk: RiskScore;
}

/** MMSI (9 digits) or IMO (7 digits, or `IMO1234567`). */
export function parseVesselId(s: string): { mmsi: number } | { imo: number } {
  const t = s.trim().toUpperCase().replace(/^IMO\s*/, 'IMO');
  if (/^IMO\d{7}$/.test(t) || /^\d{7}$/.test(t)) return { imo: Number(t.replace('IMO', '')) };
  if (/^\d{9}$/.test(t)) return { mmsi: Number(t) };
  throw new UsageError(`"${s}" is neither an MMSI (9 digits) nor an IMO number (7 digits)`);
}

export async function vesselReport(db: string, id: string): Promise<VesselReport> {
  const q = parseVesselId(id);
  const store = await openStore(db, { mustExist: true });
  try {
    const identities = await store.vesselIdentity(q);
    // a hull seen under several MMSIs: all of them
    const mmsis = [...new Set(['mmsi' in q ? [q.mmsi] : [], identities.map((p) => p.mmsi)].flat())].sort((a, b) => a - b);
    const byId = new Map<string, Event>();
    for (const m of mmsis) for (const e of await store.events({ mmsi: m })) byId.set(e.id, e);
    const events = [...byId.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    const latest = identities[identities.length - 1];
    const identity = { mmsi: mmsis[0] ?? null, imo: 'imo' in q ? q.imo : (latest?.imo ?? null), name: latest?.name ?? null, callsign: latest?.callsign ?? null, flag: latest?.flag ?? null };
    const risk = riskScore(identity, [], events);
    return { query: q, identities, mmsis, events, risk };
  } finally {
    await store.close();
  }
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatVessel(r: VesselReport): string {
  const out: string[] = [];
  const imo = r.identities.find((p) => p.imo)?.imo;
  out.push(`Vessel ${'mmsi' in r.query ? `MMSI ${r.query.mmsi}` : `IMO ${r.query.imo}`}${imo ? `  (IMO ${imo}${isValidImo(imo) ? '' : ', check digit INVALID'})` : ''}`);
  out.push(`MMSIs seen: ${r.mmsis.join(', ') || 'none'}`);
  out.push('', 'Identity timeline (UTC):');
  if (r.identities.length === 0) out.push('  no static reports stored');
  for (const p of r.identities) {
    out.push(`  ${day(p.from)} .. ${day(p.to)}  MMSI ${p.mmsi}  ${p.name ?? '?'}  callsign ${p.callsign ?? '?'}  IMO ${p.imo ?? '?'}  flag ${p.flag ?? '?'}  (${p.reports} reports)`);
  }
  out.push('', `Events (${r.events.length}):`);
  out.push(r.events.length ? formatTable(r.events).replace(/^/gm, '  ') : '  none');
  out.push('', `Risk score: ${r.risk.score}/100`);
  for (const c of r.risk.components) out.push(`  +${c.points}  ${c.category}: ${c.reason}${c.evidence.event ? ` [${c.evidence.event}]` : ''}${c.evidence.entity ? ` [${c.evidence.entity}]` : ''}`);
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('vessel')
    .description('identity history, events and risk score of one vessel (MMSI or IMO)')
    .argument('<id>', 'MMSI (9 digits) or IMO number (7 digits, or IMO1234567)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--json', 'print the report as JSON')
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const r = await vesselReport(opts.db, id);
      process.stdout.write(`${opts.json ? JSON.stringify(r) : formatVessel(r)}\n`);
    });
}
