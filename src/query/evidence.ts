/**
 * Evidence down to the raw line (issue F item 2): for an event, the input lines of the positions
 * and static reports behind it, as read: file, line number, the sentence or CSV row.
 *
 * The store keeps one line number per record (cheap: 4 bytes a row) and the ingest log keeps
 * each source's absolute path and content key; the text is re-read from the file at query
 * time, one sequential pass per file for all lines of the event (a compressed file cannot be
 * entered in the middle). What cannot be shown is said in `problem`, never thrown: a file moved
 * or changed since ingest, a stream (stdin, tcp://, udp://) whose lines were not kept, a store
 * older than line numbers.
 */
import { stat } from 'node:fs/promises';
import type { Event } from '../events.js';
import { isoTime } from '../events.js';
import { AisStream } from '../ais/stream.js';
import { readLineBlocks } from '../sources/lines.js';
import { openByteSource } from '../sources/open.js';
import { fileSourceKey } from '../store/sourcekey.js';
import type { IngestedSource, RecordOrigin, RecordRef, Store } from '../store/types.js';

/** One input record behind an event: the JSON shape of `GET /api/events/:id/raw` and `darkfleet evidence --format json`. */
export interface EvidenceRecord {
  kind: 'position' | 'static';
  mmsi: number;
  /** ISO 8601 UTC */
  t: string;
  source: { key: string; path: string | null; format: string | null };
  /** 1-based line in the (decompressed) input; a multi-sentence NMEA message's first line */
  lineNo: number | null;
  /** the line as read (without its line ending); a multi-sentence message's lines joined by '\n' */
  text: string | null;
  /** why there is no text, in plain words; null when the text is there */
  problem: string | null;
}

export interface EventEvidence {
  id: string;
  records: EvidenceRecord[];
}

/** `${mmsi}:${t}` as src/events.ts positionId writes it */
const RECORD_ID = /^(\d{1,9}):(-?\d{1,16})$/;
/** a multipart group's later fragments are looked for this many lines on (the decoder's maxPendingLines) */
const FRAGMENT_WINDOW = 200;

/**
 * The records an event names: every `${mmsi}:${t}` id anywhere in its evidence (detectors keep
 * them under `positionIds`, identity changes under `statics`); ids under a key naming statics
 * are static reports. An identity change that names none (stored by an older darkfleet) gets
 * the static reports of its vessels at its change time.
 */
export function evidenceRefs(event: Event): RecordRef[] {
  const seen = new Set<string>();
  const out: RecordRef[] = [];
  const add = (kind: RecordRef['kind'], mmsi: number, t: number): void => {
    const k = `${kind}:${mmsi}:${t}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ kind, mmsi, t });
  };
  const walk = (v: unknown, kind: RecordRef['kind'], depth: number): void => {
    if (depth > 6) return;
    if (typeof v === 'string') {
      const m = RECORD_ID.exec(v);
      if (m) add(kind, Number(m[1]), Number(m[2]));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, kind, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, /static/i.test(k) ? 'static' : kind, depth + 1);
    }
  };
  walk(event.evidence, 'position', 0);
  // events stored before identity changes named their static reports: the reports at the change
  if (event.type === 'identity_change' && !out.some((r) => r.kind === 'static')) {
    const end = Date.parse(event.end);
    if (Number.isFinite(end)) for (const m of event.mmsi) add('static', m, end);
  }
  return out;
}

/**
 * The stored rows behind the refs. A position id that names no position is looked up as a
 * static report (some detectors sign runs with the times of static reports: invalid IMO).
 */
async function originsOf(store: Store, refs: readonly RecordRef[]): Promise<{ found: RecordOrigin[]; missing: RecordRef[] }> {
  const found = await store.recordOrigins(refs);
  const key = (r: RecordRef): string => `${r.kind}:${r.mmsi}:${r.t}`;
  const have = new Set(found.map(key));
  const retry = refs.filter((r) => r.kind === 'position' && !have.has(key(r))).map((r) => ({ ...r, kind: 'static' as const }));
  const again = retry.length ? await store.recordOrigins(retry) : [];
  for (const o of again) have.add(key(o));
  const missing = refs.filter((r) => !have.has(key(r)) && !(r.kind === 'position' && have.has(`static:${r.mmsi}:${r.t}`)));
  return { found: [...found, ...again], missing };
}

/** Is this ingest log entry a stream (stdin, a socket), whose lines no file keeps? */
function isStream(src: IngestedSource): boolean {
  const p = src.path ?? '';
  return p === '-' || /^(tcp|udp):\/\//i.test(p) || src.key.startsWith('stdin:') || /^(tcp|udp):\/\//i.test(src.key);
}

/** What the file at a path is now: its content key, or why it cannot be read. */
type FileNow = { key: string } | { problem: string };

async function fileNow(path: string): Promise<FileNow> {
  try {
    const st = await stat(path);
    if (!st.isFile()) return { problem: `source ${path} is no longer a file` };
    return { key: await fileSourceKey(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `source file ${path} is no longer there (moved or deleted)` };
    return { problem: `source file ${path} cannot be read (${code ?? String(err)})` };
  }
}

/** The log entry a record's label came from: the one whose file is unchanged, else the latest. */
interface Resolved {
  src: IngestedSource | null;
  /** why its lines cannot be shown; null when the file is there and unchanged */
  problem: string | null;
}

async function resolveSources(labels: Iterable<string>, log: readonly IngestedSource[]): Promise<Map<string, Resolved>> {
  const now = new Map<string, Promise<FileNow>>();
  const look = (p: string): Promise<FileNow> => {
    let f = now.get(p);
    if (!f) now.set(p, (f = fileNow(p)));
    return f;
  };
  const out = new Map<string, Resolved>();
  for (const label of labels) {
    // logs older than line numbers have no name: their path was the label
    const cands = log.filter((s) => (s.name ?? s.path) === label);
    if (cands.length === 0) {
      out.set(label, { src: null, problem: `no ingest log entry for source ${JSON.stringify(label)}` });
      continue;
    }
    let pick: Resolved | null = null;
    for (const s of [...cands].reverse()) {
      if (isStream(s) || !s.path) continue;
      const f = await look(s.path);
      if ('key' in f && f.key === s.key) {
        pick = { src: s, problem: null };
        break;
      }
    }
    if (!pick) {
      const s = cands[cands.length - 1]!;
      let problem: string;
      if (isStream(s)) problem = `source ${s.path ?? label} was a stream: its lines were not kept`;
      else if (!s.path) problem = `the ingest log has no path for source ${JSON.stringify(label)}`;
      else {
        const f = await look(s.path);
        problem = 'problem' in f ? f.problem : `source file ${s.path} changed since ingest (its content differs)`;
      }
      pick = { src: s, problem };
    }
    out.set(label, pick);
  }
  return out;
}

/** The NMEA fragment fields of a line: count, number and group key (tag block g: id, else sequence id and channel). */
function fragmentOf(line: string): { total: number; num: number; key: string } | null {
  const bang = line.search(/[!$][A-Z]{2}VD[MO],/);
  if (bang < 0) return null;
  const f = line.slice(bang).split(',');
  const total = Number(f[1]);
  const num = Number(f[2]);
  if (!(total >= 1 && total <= 9 && num >= 1 && num <= total)) return null;
  const g = /\\(?:[^\\]*,)?g:\d+-\d+-(\d+)/.exec(line.slice(0, bang));
  return { total, num, key: g ? `g${g[1]}` : `${f[3] ?? ''}/${f[4] ?? ''}` };
}

/**
 * The text of each wanted line of one file, read once from its start to the last line needed.
 * For NMEA, a line that opens a multipart group gets its later fragments joined to it.
 */
export async function readLines(path: string, wanted: readonly number[], nmea: boolean): Promise<Map<number, string>> {
  const want = new Set(wanted);
  const out = new Map<number, string>();
  if (want.size === 0) return out;
  let last = Math.max(...want);
  const open: { first: number; key: string; next: number; total: number; lines: string[] }[] = [];
  const src = await openByteSource(path);
  for await (const block of readLineBlocks(src)) {
    for (let i = 0; i < block.lines.length; i++) {
      const n = block.firstLineNo + i;
      const line = block.lines[i]!;
      if (nmea && open.length) {
        const fr = fragmentOf(line);
        for (let k = open.length - 1; k >= 0; k--) {
          const g = open[k]!;
          if (fr && fr.key === g.key && fr.num === g.next && fr.total === g.total) {
            g.lines.push(line);
            g.next++;
          }
          if (g.next > g.total || n - g.first >= FRAGMENT_WINDOW) {
            out.set(g.first, g.lines.join('\n'));
            open.splice(k, 1);
          }
        }
      }
      if (!want.has(n)) continue;
      const fr = nmea ? fragmentOf(line) : null;
      if (fr && fr.total > 1 && fr.num === 1) {
        open.push({ first: n, key: fr.key, next: 2, total: fr.total, lines: [line] });
        last = Math.max(last, n + FRAGMENT_WINDOW);
      } else out.set(n, line);
    }
    if (block.firstLineNo + block.lines.length - 1 >= last) break;
  }
  // a group cut short by the end of the file: what there is of it
  for (const g of open) out.set(g.first, g.lines.join('\n'));
  return out;
}

/** Does the text hold the record's MMSI? NMEA is decoded; CSV and JSON carry it as digits. */
function holdsMmsi(text: string, mmsi: number, nmea: boolean): boolean {
  if (!nmea) return text.includes(String(mmsi));
  // split24: a type 24 part stands alone (merged, a part A waits for its B and gives nothing)
  const msgs = new AisStream({ isoTimes: false, split24: true }).decodeAll(text);
  return msgs.some((m) => m.mmsi === mmsi);
}

/** The evidence of one event: each record behind it with its source, line and text. */
export async function eventEvidence(store: Store, event: Event): Promise<EventEvidence> {
  const { found, missing } = await originsOf(store, evidenceRefs(event));
  const log = found.length ? await store.ingestedSources() : [];
  const sources = await resolveSources(new Set(found.map((o) => o.source)), log);
  // one pass per file over all the lines this event needs from it
  const byPath = new Map<string, { nmea: boolean; lines: Set<number> }>();
  for (const o of found) {
    const r = sources.get(o.source)!;
    if (r.problem || !r.src?.path || o.lineNo === null) continue;
    let e = byPath.get(r.src.path);
    if (!e) byPath.set(r.src.path, (e = { nmea: r.src.format === 'nmea', lines: new Set() }));
    e.lines.add(o.lineNo);
  }
  const texts = new Map<string, Map<number, string> | string>();
  for (const [path, e] of byPath) {
    try {
      texts.set(path, await readLines(path, [...e.lines], e.nmea));
    } catch (err) {
      texts.set(path, `source file ${path} could not be read again: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const records: EvidenceRecord[] = found.map((o) => {
    const r = sources.get(o.source)!;
    const src = r.src;
    const rec: EvidenceRecord = {
      kind: o.kind,
      mmsi: o.mmsi,
      t: isoTime(o.t),
      source: { key: src?.key ?? '', path: src?.path ?? o.source, format: src?.format ?? null },
      lineNo: o.lineNo,
      text: null,
      problem: r.problem,
    };
    if (rec.problem) return rec;
    if (o.lineNo === null) {
      rec.problem = 'no line number stored for this record (ingested before darkfleet recorded them; ingest the file into a new store to get them)';
      return rec;
    }
    const got = texts.get(src!.path!);
    if (typeof got === 'string') rec.problem = got;
    else if (!got?.has(o.lineNo)) rec.problem = `source file ${src!.path} has no line ${o.lineNo} (it changed since ingest)`;
    else {
      const text = got.get(o.lineNo)!;
      if (holdsMmsi(text, o.mmsi, src!.format === 'nmea')) rec.text = text;
      else rec.problem = `line ${o.lineNo} of ${src!.path} is not a report of MMSI ${o.mmsi}: the file differs from the one ingested`;
    }
    return rec;
  });
  for (const m of missing) {
    records.push({
      kind: m.kind,
      mmsi: m.mmsi,
      t: isoTime(m.t),
      source: { key: '', path: null, format: null },
      lineNo: null,
      text: null,
      problem: `no stored ${m.kind === 'static' ? 'static report' : 'position'} of MMSI ${m.mmsi} at ${isoTime(m.t)} in this store`,
    });
  }
  return { id: event.id, records };
}
