/** Small numeric helpers the detectors share for their evidence: rounding, medians, samples. */

/** Round for output (evidence is for people; 1e-n steps keep JSON short and stable). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Median of a numeric array (sorts a copy). NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** At most `n` evenly spread items of a list (evidence position ids stay bounded). */
export function sample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return xs.slice();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
  return out;
}
