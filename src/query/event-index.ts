/**
 * The events of a frozen store (Store.frozen: nothing can change them while it is open) held in
 * memory for the API's event pages: the keys every filter of `Store.eventPage` tests (start,
 * end, type, MMSIs, point, flags, confidence) in typed arrays in (start, id) order, and each
 * event's JSON text. A page is then a binary search and a short scan, not a query: over 50k
 * events DuckDB spent ~8 ms of CPU a page (two scans and sorts), and even a read of 100 rows by
 * id or rowid measured 12-25 ms, since DuckDB has no point reads (bench/api.ts).
 *
 * The answers are the store's own: the same filters, the same (start, id) order (ids compared
 * by code point, as DuckDB's binary collation does), the same `next` key. The text is the
 * store's events as JSON.stringify writes them, so a page joined from it is byte for byte what
 * JSON.stringify of the page writes. Stores whose events exceed a memory budget are not indexed.
 */
import type { Event } from '../events.js';
import { EVENT_TYPES } from '../events.js';
import { StoreError } from '../errors.js';
import type { EventKey, EventPageQuery, Store } from '../store/types.js';
import { toEpochMs } from '../store/json.js';

/** Default budget of event JSON held (UTF-16 code units, ~bytes for ASCII text): past it, pages stay queries. */
export const EVENT_INDEX_MAX_CHARS = 512 * 1024 * 1024;

/** Events read per query while loading. */
const LOAD_PAGE = 10_000;

/**
 * a < b < 0, = 0, > 0 in code point order (UTF-8 byte order, DuckDB's VARCHAR order). JS `<`
 * compares UTF-16 units, which puts surrogates (code points past U+FFFF) below U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fold(x) - fold(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000..U+FFFF, keeping each group's own order. */
function fold(u: number): number {
  return u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u;
}

/** A page as JSON texts of its events, with the key of the next page. */
export interface IndexedPage {
  json: string[];
  next: EventKey | null;
}

export class EventIndex {
  private constructor(
    private readonly ids: string[],
    private readonly json: string[],
    private readonly start: Float64Array,
    private readonly end: Float64Array,
    private readonly type: Uint8Array,
    private readonly lat: Float64Array,
    private readonly lon: Float64Array,
    private readonly confidence: Float64Array,
    /** MMSIs of event i: mmsi[mmsiAt[i] .. mmsiAt[i+1]) */
    private readonly mmsiAt: Uint32Array,
    private readonly mmsi: Int32Array,
    /** flags of event i as indices into flagNames: flag[flagAt[i] .. flagAt[i+1]) */
    private readonly flagAt: Uint32Array,
    private readonly flag: Uint16Array,
    private readonly flagNames: Map<string, number>,
    /** longest end - start: how far before `from` an event overlapping it can start */
    private readonly maxSpan: number,
    private readonly byId: Map<string, number>,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /**
   * Reads every event of a frozen store, in pages. Null when the store is not frozen (its
   * events could change under the index) or its events' text exceeds `maxChars`.
   */
  static async load(store: Store, maxChars = EVENT_INDEX_MAX_CHARS): Promise<EventIndex | null> {
    if (!store.frozen) return null;
    const events: Event[] = [];
    const json: string[] = [];
    let chars = 0;
    let after: EventKey | undefined;
    for (;;) {
      const page = await store.eventPage({ limit: LOAD_PAGE, ...(after ? { after } : {}) });
      for (const e of page.events) {
        const text = JSON.stringify(e);
        chars += text.length;
        if (chars > maxChars) return null;
        json.push(text);
        // only the keys are kept: the parsed event goes once the arrays are built
        events.push(e);
      }
      if (!page.next) break;
      after = page.next;
    }
    return EventIndex.build(events, json);
  }

  /** The index of `events`, given in the store's (start, id) order (checked). */
  static build(events: readonly Event[], json: string[] = events.map((e) => JSON.stringify(e))): EventIndex {
    const n = events.length;
    const start = new Float64Array(n);
    const end = new Float64Array(n);
    const type = new Uint8Array(n);
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const confidence = new Float64Array(n);
    const mmsiAt = new Uint32Array(n + 1);
    const flagAt = new Uint32Array(n + 1);
    const mmsi: number[] = [];
    const flag: number[] = [];
    const flagNames = new Map<string, number>();
    const byId = new Map<string, number>();
    const ids: string[] = new Array<string>(n);
    let maxSpan = 0;
    events.forEach((e, i) => {
      ids[i] = e.id;
      start[i] = Date.parse(e.start);
      end[i] = Date.parse(e.end);
      if (i > 0 && (start[i]! < start[i - 1]! || (start[i] === start[i - 1] && compareCodePoints(ids[i - 1]!, e.id) >= 0))) {
        throw new StoreError(`event index: events not in (start, id) order at ${e.id}`);
      }
      maxSpan = Math.max(maxSpan, end[i]! - start[i]!);
      type[i] = EVENT_TYPES.indexOf(e.type);
      // a stored NULL matches no box and no minimum confidence, as in SQL: NaN fails every comparison
      lat[i] = e.lat ?? Number.NaN;
      lon[i] = e.lon ?? Number.NaN;
      confidence[i] = e.confidence ?? Number.NaN;
      for (const m of e.mmsi) mmsi.push(m);
      mmsiAt[i + 1] = mmsi.length;
      for (const f of e.flags) {
        let k = flagNames.get(f);
        if (k === undefined) flagNames.set(f, (k = flagNames.size));
        flag.push(k);
      }
      flagAt[i + 1] = flag.length;
      byId.set(e.id, i);
    });
    if (flagNames.size > 0xffff) throw new StoreError('event index: more than 65535 distinct flags');
    return new EventIndex(ids, json, start, end, type, lat, lon, confidence, mmsiAt, Int32Array.from(mmsi), flagAt, Uint16Array.from(flag), flagNames, maxSpan, byId);
  }

  /** The JSON text of the event with this id, or null. */
  eventJson(id: string): string | null {
    const i = this.byId.get(id);
    return i === undefined ? null : this.json[i]!;
  }

  /** First position whose key is after (start, id). */
  private firstAfter(k: EventKey): number {
    const us = Math.round(k.start * 1000);
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.start[mid]! * 1000;
      if (s < us || (s === us && compareCodePoints(this.ids[mid]!, k.id) <= 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose start is at or after t. */
  private firstStart(t: number): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** What `Store.eventPage(q)` answers, as JSON texts. */
  page(q: EventPageQuery): IndexedPage {
    if (!Number.isInteger(q.limit) || q.limit < 1) throw new StoreError(`eventPage: limit must be a whole number >= 1, got ${q.limit}`);
    if (q.after && !Number.isFinite(q.after.start)) throw new StoreError(`eventPage: after.start must be epoch ms, got ${q.after.start}`);
    const none = { json: [], next: null };
    let types: Uint8Array | null = null;
    if (q.type !== undefined) {
      const list = typeof q.type === 'string' ? [q.type] : q.type;
      if (list.length === 0) return none;
      types = new Uint8Array(EVENT_TYPES.length);
      for (const t of list) {
        const k = EVENT_TYPES.indexOf(t as Event['type']);
        if (k >= 0) types[k] = 1;
      }
    }
    const flags: number[] = [];
    for (const f of q.flags ?? []) {
      const k = this.flagNames.get(f);
      if (k === undefined) return none;
      flags.push(k);
    }
    // compared in µs, as the store's SQL does (make_timestamp of the rounded µs)
    const fromUs = q.from === undefined ? undefined : Math.round(toMs(q.from, 'from') * 1000);
    const toUs = q.to === undefined ? undefined : Math.round(toMs(q.to, 'to') * 1000);
    // an event overlapping [from, ..] ends at or after from, so starts at or after from - maxSpan
    let i = Math.max(q.after ? this.firstAfter(q.after) : 0, fromUs === undefined ? 0 : this.firstStart(fromUs / 1000 - this.maxSpan - 1));
    const n = this.ids.length;
    const hits: number[] = [];
    for (; i < n && hits.length <= q.limit; i++) {
      if (toUs !== undefined && this.start[i]! * 1000 > toUs) break;
      if (fromUs !== undefined && !(this.end[i]! * 1000 >= fromUs)) continue;
      if (types && types[this.type[i]!] !== 1) continue;
      if (q.mmsi !== undefined && !this.hasMmsi(i, q.mmsi)) continue;
      if (q.bbox && !inBox(this.lat[i]!, this.lon[i]!, q.bbox)) continue;
      if (q.minConfidence !== undefined && !(this.confidence[i]! >= q.minConfidence)) continue;
      if (flags.length && !this.hasFlags(i, flags)) continue;
      hits.push(i);
    }
    const page = hits.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      json: page.map((k) => this.json[k]!),
      next: hits.length > q.limit && last !== undefined ? { start: this.start[last]!, id: this.ids[last]! } : null,
    };
  }

  private hasMmsi(i: number, m: number): boolean {
    for (let k = this.mmsiAt[i]!; k < this.mmsiAt[i + 1]!; k++) if (this.mmsi[k] === m) return true;
    return false;
  }

  private hasFlags(i: number, want: readonly number[]): boolean {
    const a = this.flagAt[i]!;
    const b = this.flagAt[i + 1]!;
    outer: for (const f of want) {
      for (let k = a; k < b; k++) if (this.flag[k] === f) continue outer;
      return false;
    }
    return true;
  }
}

function toMs(v: number | string, what: string): number {
  const t = toEpochMs(v);
  if (!Number.isFinite(t)) throw new StoreError(`events: cannot read ${what} time ${String(v)}`);
  return t;
}

/** The store's box test: lat within [S, N], lon within [W, E], or outside (E, W) when the box crosses the antimeridian. */
function inBox(lat: number, lon: number, [w, s, e, n]: readonly [number, number, number, number]): boolean {
  if (!(lat >= s && lat <= n)) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}
