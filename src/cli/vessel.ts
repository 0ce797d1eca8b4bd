/**
 * `darkfleet vessel MMSI|IMO`: everything the store knows of one hull: its identity
 * timeline (names, call signs, IMO, flags over time), its events, and a risk score whose every
 * point names the event or list entity behind it, over the period the store has data for. An
 * identity the store has never seen is "not in this store" (exit code 3), never a clean 0/100.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { IdentityQuery } from '../store/types.js';
import { dossierJson, vesselDossier } from '../query/dossier.js';
import { formatTable } from '../export/events.js';
import { isValidImo } from '../ref/imo.js';
import { UsageError } from '../errors.js';
import { nothingFound } from './output.js';

/** The dossier as `darkfleet vessel --json` prints it (times ISO 8601 UTC). */
export type VesselReport = { found: true } & ReturnType<typeof dossierJson>;

/** The store has never seen this identity: not a clean vessel, an unknown one (CLI exit 3, API 404). */
export interface VesselNotFound {
  found: false;
  query: IdentityQuery;
  message: string;
}

/** MMSI (9 digits) or IMO (7 digits, or `IMO1234567`). */
export function parseVesselId(s: string): { mmsi: number } | { imo: number } {
  const t = s.trim().toUpperCase().replace(/^IMO\s*/, 'IMO');
  if (/^IMO\d{7}$/.test(t) || /^\d{7}$/.test(t)) return { imo: Number(t.replace('IMO', '')) };
  if (/^\d{9}$/.test(t)) return { mmsi: Number(t) };
  throw new UsageError(`"${s}" is neither an MMSI (9 digits) nor an IMO number (7 digits)`);
}

/** The dossier (src/query/dossier.ts) of one MMSI or IMO in the store at `db`, or a typed "not in this store". */
export async function vesselReport(db: string, id: string): Promise<VesselReport | VesselNotFound> {
  const q = parseVesselId(id);
  const store = await openStore(db, { mustExist: true });
  try {
    const d = await vesselDossier(store, q);
    if (d) return { found: true, ...dossierJson(d) };
    const what = 'mmsi' in q ? `MMSI ${q.mmsi}` : `IMO ${q.imo}`;
    return { found: false, query: q, message: `${what} is not in this store (${store.location}): no position, static report or event of it; unknown, not clean` };
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
  out.push(`MMSIs seen: ${r.mmsis.join(', ')}`);
  if (r.seen) out.push(`First seen ${day(Date.parse(r.seen.firstSeen))}, last seen ${day(Date.parse(r.seen.lastSeen))} UTC`);
  if (r.sameImo.length) out.push(`Other MMSIs with its IMO: ${r.sameImo.join(', ')}`);
  out.push('', 'Identity timeline (UTC):');
  if (r.identities.length === 0) out.push('  no static reports stored');
  for (const p of r.identities) {
    out.push(`  ${day(Date.parse(p.from))} .. ${day(Date.parse(p.to))}  MMSI ${p.mmsi}  ${p.name ?? '?'}  callsign ${p.callsign ?? '?'}  IMO ${p.imo ?? '?'}  flag ${p.flag ?? '?'}  (${p.reports} reports)`);
  }
  out.push('', `Events (${r.events.length}):`);
  out.push(r.events.length ? formatTable(r.events).replace(/^/gm, '  ') : '  none');
  if (r.screeningHits.length) out.push('', `Screening hits (${r.screeningHits.length}):`);
  for (const h of r.screeningHits) out.push(`  ${h.score.toFixed(2)}  ${h.entity.id}  ${h.entity.name}${h.path.length > 1 ? `  via ${h.path.map((s) => `${s.name}${s.relation ? ` (${s.relation})` : ''}`).join(' > ')}` : ''}`);
  const period = r.risk.period ? `${day(Date.parse(r.risk.period.from))} .. ${day(Date.parse(r.risk.period.to))} UTC` : 'no dated data';
  out.push('', `Risk score: ${r.risk.score}/100 over ${period} (${r.seen ? `first and last seen: ${r.seen.positions} positions, ${r.seen.statics} static reports` : 'the span of its stored events; no positions stored'})`);
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
