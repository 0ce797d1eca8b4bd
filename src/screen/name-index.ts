/**
 * Candidate lookup for fuzzy names, hand-written because it is the hot path: a symmetric
 * deletion index (SymSpell, distance 1) over the compact form finds every listed name
 * within one edit (substitution, insertion, deletion, adjacent swap) with a few hash
 * lookups instead of a scan; a token index finds longer names that share a rare word, for
 * two-edit matches. Every candidate is then verified and scored by `scoreName`.
 */
import { jaroWinkler, osaDistance } from './similarity.js';
import { sameNumbers } from './normalize.js';
import type { NormalName } from './normalize.js';

export type VariantKind = 'name' | 'alias' | 'former' | 'ais_truncated';

export interface NameVariant {
  entity: number;
  raw: string;
  kind: VariantKind;
  norm: NormalName;
}

export interface NameScore {
  score: number;
  /** edit distance between compact forms (0 = equal after normalisation) */
  edits: number;
  jw: number;
}

/** Edits tolerated for a compact name of this length. */
export function editBudget(len: number): number {
  return len < 4 ? 0 : len < 10 ? 1 : 2;
}

/**
 * Similarity of two normalised names in [0, 1], or null when they must not match:
 * numbers differ, or more edits than the length allows. Equal compact forms score 1;
 * otherwise the mean of Jaro-Winkler and 1 - edits/length, at most 0.95.
 */
export function scoreName(q: NormalName, v: NormalName): NameScore | null {
  if (q.compact === v.compact) return { score: 1, edits: 0, jw: 1 };
  if (!sameNumbers(q.numbers, v.numbers)) return null;
  const len = Math.max(q.compact.length, v.compact.length);
  const budget = editBudget(Math.min(q.compact.length, v.compact.length));
  if (budget === 0) return null;
  const edits = osaDistance(q.compact, v.compact, budget);
  if (edits > budget) return null;
  const jw = jaroWinkler(q.compact, v.compact);
  const score = Math.min(0.95, 0.5 * jw + 0.5 * (1 - edits / len));
  return { score, edits, jw };
}

const MAX_TOKEN_DF = 50;

export class NameIndex {
  readonly variants: NameVariant[] = [];
  private readonly keys = new Map<string, number | number[]>();
  private readonly tokens = new Map<string, number[]>();

  add(entity: number, raw: string, kind: VariantKind, norm: NormalName): void {
    if (norm.compact.length === 0) return;
    const vi = this.variants.length;
    this.variants.push({ entity, raw, kind, norm });
    const c = norm.compact;
    this.put(c, vi);
    if (editBudget(c.length) > 0) for (const d of deletions(c)) this.put(d, vi);
    if (norm.tokens.length > 1) {
      for (const t of new Set(norm.tokens)) {
        if (t.length < 4 || /^\d+$/.test(t)) continue;
        let l = this.tokens.get(t);
        if (!l) this.tokens.set(t, (l = []));
        if (l.length <= MAX_TOKEN_DF) l.push(vi);
      }
    }
  }

  /** Variants that may be within the edit budget of `q` (unverified), deduplicated. */
  candidates(q: NormalName, out: Set<number>): void {
    const c = q.compact;
    if (c.length === 0) return;
    this.collect(c, out);
    if (editBudget(c.length) > 0) for (const d of deletions(c)) this.collect(d, out);
    if (editBudget(c.length) > 1 && q.tokens.length > 1) {
      for (const t of q.tokens) {
        if (t.length < 4) continue;
        const l = this.tokens.get(t);
        if (l && l.length <= MAX_TOKEN_DF) for (const vi of l) out.add(vi);
      }
    }
  }

  private collect(key: string, out: Set<number>): void {
    const v = this.keys.get(key);
    if (v === undefined) return;
    if (typeof v === 'number') out.add(v);
    else for (const x of v) out.add(x);
  }

  private put(key: string, vi: number): void {
    const v = this.keys.get(key);
    if (v === undefined) this.keys.set(key, vi);
    else if (typeof v === 'number') {
      if (v !== vi) this.keys.set(key, [v, vi]);
    } else if (v[v.length - 1] !== vi) v.push(vi);
  }
}

/** The distinct strings made by deleting one character. */
function deletions(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return out;
}
