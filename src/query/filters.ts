/**
 * One validation for every filter a user types: the CLI (`events --type ... --limit ...`) and
 * the HTTP API (`/api/events?type=...`) read the same raw strings through the same zod schemas,
 * so both answer the same input the same way. A bad value is a UsageError whose message names
 * the option (`--limit` on the command line, `limit` in the API) and says what is expected.
 */
import { z } from 'zod';
import { EVENT_TYPES, isEventType, type EventType } from '../events.js';
import { UsageError } from '../errors.js';
import type { BBox } from '../store/types.js';

/** The most events one query returns: a page of the API, a screenful or a file of the CLI. */
export const MAX_LIMIT = 100_000;

/** `YYYY-MM-DD`, optionally `THH:MM[:SS[.sss]]` and `Z` or `±HH:MM`; no time zone means UTC. */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch ms of a strict ISO 8601 date or date-time, or null when it is not one. Unlike
 * Date.parse, an impossible date (2013-11-31, 25:00) is refused instead of rolling over.
 */
export function parseIsoStrict(s: string): number | null {
  const m = ISO_RE.exec(s.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds);
  const h = Number(hs ?? 0), mi = Number(mis ?? 0), sec = Number(ss ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  let t = Date.UTC(y, mo - 1, d, h, mi, sec) + (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const z2 = zone.replace(':', '');
    const oh = Number(z2.slice(1, 3)), om = Number(z2.slice(3, 5));
    if (oh > 14 || om > 59) return null;
    t -= (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return t;
}

const isoTime = z.string().transform((s, ctx) => {
  const t = parseIsoStrict(s);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a valid ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T14:00:00Z)` });
    return z.NEVER;
  }
  return t;
});

const eventTypes = z.string().transform((s, ctx) => {
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !isEventType(x));
  if (list.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown event type${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ') || '""'}; one of ${EVENT_TYPES.join(', ')}` });
    return z.NEVER;
  }
  return list as EventType[];
});

const mmsi = z.string().regex(/^\d{9}$/, 'expected an MMSI of 9 digits').transform(Number);

const bbox = z.string().transform((s, ctx): BBox => {
  const v = s.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x)));
  const [w, so, e, n] = v as [number, number, number, number];
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || so > n || so < -90 || n > 90 || w < -180 || w > 180 || e < -180 || e > 180) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a box W,S,E,N in degrees (west may exceed east across the antimeridian)` });
    return z.NEVER;
  }
  return [w, so, e, n];
});

function intIn(lo: number, hi: number): z.ZodType<number, string> {
  return z.string().transform((s, ctx) => {
    if (!/^\d+$/.test(s.trim()) || Number(s) < lo || Number(s) > hi) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a whole number from ${lo} to ${hi}` });
      return z.NEVER;
    }
    return Number(s);
  });
}

const fraction = z.string().transform((s, ctx) => {
  const x = s.trim() === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(x) || x < 0 || x > 1) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a number from 0 to 1` });
    return z.NEVER;
  }
  return x;
});

const flags = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** The event filter as users type it: every field a string, as on a command line or in a URL query. */
export const eventQuerySchema = z
  .object({
    type: eventTypes.optional(),
    mmsi: mmsi.optional(),
    bbox: bbox.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    flags: flags.optional(),
    minConfidence: fraction.optional(),
    limit: intIn(1, MAX_LIMIT).optional(),
  })
  .strict();

export type EventQuery = z.output<typeof eventQuerySchema>;

/** How an option is named to the user: `--min-confidence` on the command line, `minConfidence` in the API. */
export type OptionStyle = 'cli' | 'api';

function optionName(key: string, style: OptionStyle): string {
  return style === 'api' ? key : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Validates raw filter strings (absent or empty values are no filter). Throws a UsageError
 * naming the first bad option; `from` after `to` is refused too.
 */
export function parseEventQuery(raw: Record<string, string | undefined>, style: OptionStyle): EventQuery {
  const given: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== '') given[k] = v;
  const r = eventQuerySchema.safeParse(given);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') throw new UsageError(`unknown filter ${issue.keys.map((k) => optionName(k, style)).join(', ')}`);
    throw new UsageError(`${optionName(String(issue.path[0] ?? ''), style)}: ${issue.message}`);
  }
  const q = r.data;
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw new UsageError(`${optionName('from', style)}: ${new Date(q.from).toISOString()} is after ${optionName('to', style)} ${new Date(q.to).toISOString()}`);
  }
  return q;
}
