/**
 * `darkfleet screen`: vessel identities against sanctions lists and the ownership graph.
 * Hits go to stdout (or --out) as JSON lines; the run summary goes to stderr.
 */
import type { Command } from 'commander';
import { createWriteStream, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { loadList } from '../screen/load.js';
import { readRegistryCsv, readVesselsCsv } from '../screen/input.js';
import { Screener } from '../screen/screen.js';
import { sanctionsHitEvent } from '../screen/event.js';
import { isEventType, type Event } from '../events.js';
import { riskScore } from '../screen/risk.js';
import type { Hit, LoadedList, VesselIdentity } from '../screen/types.js';

export interface ScreenCliOptions {
  list: string[];
  vessels?: string;
  db?: string;
  out?: string;
  threshold: string;
  hops: string;
  registry?: string;
  eventsOut?: string;
  events?: string;
  riskOut?: string;
  seenAt?: string;
}

function number(name: string, v: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new UsageError(`${name}: expected a number from ${lo} to ${hi}, got "${v}"`);
  return n;
}

export async function runScreen(opts: ScreenCliOptions): Promise<number> {
  const t0 = performance.now();
  const threshold = number('--threshold', opts.threshold, 0, 1);
  const hops = number('--hops', opts.hops, 0, 10);
  if (!opts.list || opts.list.length === 0) throw new UsageError('screen: give at least one --list FILE');
  if (opts.vessels && opts.db) throw new UsageError('screen: give --vessels FILE or --db PATH, not both');
  if (!opts.vessels && !opts.db) throw new UsageError('screen: give --vessels FILE (CSV with mmsi,imo,name,callsign,flag) or --db PATH');

  const lists: LoadedList[] = [];
  for (const f of opts.list) lists.push(await loadList(f));
  const registry = opts.registry ? readRegistryCsv(opts.registry) : null;
  const screener = new Screener(lists, registry?.entries ?? [], { threshold, hops });
  const input = opts.db ? await storeIdentities(opts.db) : readVesselsCsv(opts.vessels!);
  const stored: { events: Event[]; hits: Hit[] } = { events: [], hits: [] };
  const behaviour = opts.events ? readEvents(opts.events) : null;

  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  const evOut = opts.eventsOut ? createWriteStream(opts.eventsOut) : null;
  const riskOut = opts.riskOut ? createWriteStream(opts.riskOut) : null;
  // the list date stands in for "when seen" unless the user gives one: runs stay reproducible
  const published = lists.map((l) => l.published).filter((p): p is string => !!p).sort().pop();
  const seenAt = opts.seenAt ?? published ?? '1970-01-01T00:00:00Z';
  let hitCount = 0;
  let vesselsHit = 0;
  const byKind = { direct: 0, indirect: 0 };
  for (const { identity, query } of input.rows) {
    const hits: Hit[] = screener.screen(identity, query);
    if (hits.length > 0) vesselsHit++;
    for (const h of hits) {
      hitCount++;
      byKind[h.path.length === 0 ? 'direct' : 'indirect']++;
      if (!out.write(`${JSON.stringify(h)}\n`)) await new Promise((r) => out.once('drain', r));
      if (evOut || opts.db) {
        const ev = sanctionsHitEvent(h, { start: String(query['first_seen'] || seenAt), end: String(query['last_seen'] || query['first_seen'] || seenAt), threshold, hops, lists: opts.list });
        if (ev && evOut) evOut.write(`${JSON.stringify(ev)}\n`);
        if (ev && opts.db) stored.events.push(ev);
      }
      if (opts.db) stored.hits.push(h);
    }
    if (riskOut) {
      const mmsi = Number(identity.mmsi);
      const evs = behaviour ? (Number.isFinite(mmsi) ? behaviour.byMmsi.get(mmsi) ?? [] : []) : [];
      riskOut.write(`${JSON.stringify({ query, ...riskScore(identity, hits, evs) })}\n`);
    }
  }
  if (opts.db) await storeHits(opts.db, stored.events, stored.hits);
  const close = (s: Writable | null): Promise<void> => (s && s !== process.stdout ? new Promise((r) => s.end(r)) : Promise.resolve());
  await Promise.all([close(out), close(evOut), close(riskOut)]);
  const summary = {
    identities: input.rows.length,
    rejected: input.rejects,
    vesselsHit,
    hits: hitCount,
    direct: byKind.direct,
    indirect: byKind.indirect,
    lists: screener.lists,
    ...(registry ? { registry: { entries: registry.entries.length, rejected: registry.rejects } } : {}),
    ...(behaviour ? { events: { read: behaviour.read, rejected: behaviour.rejects } } : {}),
    ...screener.summary(),
    seconds: Math.round((performance.now() - t0) / 10) / 100,
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

/**
 * Every identity a store has seen: each period of one MMSI under one name/callsign/IMO/flag
 * (all names of a renamed hull are screened), plus MMSIs heard without any static report.
 * `first_seen`/`last_seen` become the sanctions_hit event's time range.
 */
async function storeIdentities(db: string): Promise<ReturnType<typeof readVesselsCsv>> {
  const { openStore, identityPeriods } = await import('../store/index.js');
  const store = await openStore(db, { mustExist: true });
  try {
    const statics = [];
    for await (const s of store.statics()) statics.push(s);
    const rows: ReturnType<typeof readVesselsCsv>['rows'] = [];
    const withStatic = new Set<number>();
    for (const p of identityPeriods(statics)) {
      withStatic.add(p.mmsi);
      const query: Record<string, string> = {
        mmsi: String(p.mmsi),
        imo: p.imo ? String(p.imo) : '',
        name: p.name ?? '',
        callsign: p.callsign ?? '',
        flag: p.flag ?? '',
        first_seen: new Date(p.from).toISOString(),
        last_seen: new Date(p.to).toISOString(),
      };
      const identity: VesselIdentity = { mmsi: String(p.mmsi) };
      if (p.imo) identity.imo = String(p.imo);
      if (p.name) identity.name = p.name;
      if (p.callsign) identity.callsign = p.callsign;
      if (p.flag) identity.flag = p.flag;
      rows.push({ identity, query });
    }
    const heard = new Map<number, [number, number]>();
    for await (const batch of store.positionBatches({ order: 'vessel' })) {
      for (const p of batch) {
        if (withStatic.has(p.mmsi)) continue;
        const r = heard.get(p.mmsi);
        if (!r) heard.set(p.mmsi, [p.t, p.t]);
        else r[1] = p.t;
      }
    }
    for (const [mmsi, [from, to]] of heard) {
      rows.push({ identity: { mmsi: String(mmsi) }, query: { mmsi: String(mmsi), first_seen: new Date(from).toISOString(), last_seen: new Date(to).toISOString() } });
    }
    return { rows, rejects: {} };
  } finally {
    await store.close();
  }
}

/** Hits and their sanctions_hit events into the store (both idempotent by id). */
async function storeHits(db: string, events: Event[], hits: Hit[]): Promise<void> {
  const { openStore } = await import('../store/index.js');
  const store = await openStore(db, { mustExist: true });
  try {
    if (events.length) await store.putEvents(events);
    if (hits.length) await store.putScreeningHits(hits);
  } finally {
    await store.close();
  }
}

/** Behaviour events (DESIGN.md schema, `analyze --out` JSON lines), grouped by MMSI. */
function readEvents(file: string): { byMmsi: Map<number, Event[]>; read: number; rejects: Record<string, number> } {
  const byMmsi = new Map<number, Event[]>();
  const rejects: Record<string, number> = {};
  let read = 0;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line.trim()) continue;
    let e: Event;
    try {
      e = JSON.parse(line) as Event;
    } catch {
      rejects['bad_json'] = (rejects['bad_json'] ?? 0) + 1;
      continue;
    }
    if (typeof e.id !== 'string' || typeof e.type !== 'string' || !isEventType(e.type) || !Array.isArray(e.mmsi) || !Array.isArray(e.flags)) {
      rejects['not_an_event'] = (rejects['not_an_event'] ?? 0) + 1;
      continue;
    }
    read++;
    for (const m of e.mmsi) {
      let l = byMmsi.get(m);
      if (!l) byMmsi.set(m, (l = []));
      l.push(e);
    }
  }
  return { byMmsi, read, rejects };
}

export function register(program: Command): void {
  program
    .command('screen')
    .description('screen vessels against sanctions lists (OFAC SDN CSV, UN XML, OpenSanctions FtM JSON lines, CSV watchlist) and their ownership links')
    .requiredOption('--list <files...>', 'list files: OFAC sdn.csv (alt.csv, sdn_comments.csv beside it), UN consolidated XML, FtM JSON lines, or CSV name,imo,mmsi,note')
    .option('--vessels <file>', 'CSV with a header naming any of mmsi,imo,name,callsign,flag (other columns carried through)')
    .option('--db <path>', 'screen every identity a darkfleet store has seen; hits are stored as sanctions_hit events')
    .option('--out <file>', 'write hits here instead of stdout')
    .option('--threshold <score>', 'lowest hit score reported, 0..1', '0.7')
    .option('--hops <n>', 'longest ownership path searched', '2')
    .option('--registry <file>', 'CSV imo,owner,operator,manager of your own, joined into the ownership graph')
    .option('--events-out <file>', 'also write each hit as a sanctions_hit event (DESIGN.md event schema)')
    .option('--events <file>', 'behaviour events (analyze --out JSON lines) for --risk-out')
    .option('--risk-out <file>', 'write one risk score (0-100, with its components) per input vessel')
    .option('--seen-at <iso>', 'start time for sanctions_hit events when the input has no first_seen column')
    .action(async (opts: ScreenCliOptions) => {
      process.exitCode = await runScreen(opts);
    });
}
