/**
 * Where a drawn track breaks: fixes further apart in time than TRACK_BREAK_MS start a new line,
 * so a silence shows as a break and not as a straight jump. One rule for the API's map track
 * (src/api/track.ts) and the exports (src/export/tracks.ts), so both draw the same lines.
 */

/** Fixes further apart than this start a new line. */
export const TRACK_BREAK_MS = 3_600_000;

/** True when a fix at `t` starts a new line after a fix at `lastT`. */
export function breaksAt(lastT: number, t: number, breakMs = TRACK_BREAK_MS): boolean {
  return t - lastT > breakMs;
}

/** Splits time-ordered fixes where consecutive ones are more than `breakMs` apart. */
export function splitAtBreaks<F extends { t: number }>(fixes: readonly F[], breakMs = TRACK_BREAK_MS): F[][] {
  const out: F[][] = [];
  let cur: F[] = [];
  for (const f of fixes) {
    const last = cur[cur.length - 1];
    if (last && breaksAt(last.t, f.t, breakMs)) {
      out.push(cur);
      cur = [];
    }
    cur.push(f);
  }
  if (cur.length) out.push(cur);
  return out;
}
