/**
 * Timestamp parsers for the text formats, hand-written because they run once per row: fixed
 * digit positions, the UTC midnight of the current day cached (input is mostly time-ordered).
 * They return epoch ms UTC, or NaN when the text is not a valid time.
 */

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dayStart(y: number, m: number, d: number): number {
  if (!(y >= 1970 && y <= 2200) || !(m >= 1 && m <= 12) || !(d >= 1)) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && leap ? 29 : (DAYS[m - 1] as number);
  if (d > max) return NaN;
  return Date.UTC(y, m - 1, d);
}

/** hh:mm[:ss[.fff...]] at i with ':' (or '.') separators; returns ms into the day and where it ended. */
function timeOfDay(s: string, i: number): { ms: number; end: number } {
  const h = digits(s, i, 2);
  const sep1 = s.charCodeAt(i + 2);
  if (sep1 !== 58 && sep1 !== 46) return { ms: NaN, end: i };
  const mi = digits(s, i + 3, 2);
  let sec = 0;
  let end = i + 5;
  let frac = 0;
  const sep2 = s.charCodeAt(i + 5);
  if (sep2 === 58 || (sep2 === 46 && sep1 === 46)) {
    sec = digits(s, i + 6, 2);
    end = i + 8;
    if (s.charCodeAt(end) === 46 || s.charCodeAt(end) === 44) {
      // fraction: keep milliseconds, drop the rest (AISStream sends nanoseconds)
      let k = end + 1;
      let scale = 100;
      while (k < s.length) {
        const c = s.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        k++;
      }
      if (k === end + 1) return { ms: NaN, end };
      frac = Math.floor(frac);
      end = k;
    }
  }
  if (!(h <= 23 && mi <= 59 && sec <= 60)) return { ms: NaN, end };
  return { ms: ((h * 60 + mi) * 60 + sec) * 1000 + frac, end };
}

/** Zone suffix after the time: '', 'Z', '+0000 UTC' (Go), '+00:00', '-0500'. Offset in ms or NaN. */
function zoneOffset(s: string, i: number): number {
  let k = i;
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  if (k >= s.length) return 0;
  const c = s.charCodeAt(k);
  if (c === 90 /* Z */) return k + 1 === s.length ? 0 : NaN;
  if (c !== 43 && c !== 45) return s.slice(k) === 'UTC' ? 0 : NaN;
  const hh = digits(s, k + 1, 2);
  let p = k + 3;
  if (s.charCodeAt(p) === 58) p++;
  const mm = digits(s, p, 2);
  p += 2;
  const rest = s.slice(p).trim();
  if (rest !== '' && !/^[A-Z]{3,5}$/.test(rest)) return NaN;
  const off = (hh * 60 + mm) * 60_000;
  return c === 43 ? off : -off;
}

let isoKey = '';
let isoDay = NaN;

/** 'YYYY-MM-DD[T ]hh:mm:ss[.f][zone]', as MarineCadastre (both layouts) and AISStream write it. */
export function parseIsoTime(s: string): number {
  if (s.length < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  let day: number;
  if (isoKey !== '' && s.startsWith(isoKey)) day = isoDay;
  else {
    day = dayStart(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    if (Number.isNaN(day)) return NaN;
    isoKey = s.slice(0, 10);
    isoDay = day;
  }
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return NaN;
  const t = timeOfDay(s, 11);
  if (Number.isNaN(t.ms)) return NaN;
  const off = t.end === s.length ? 0 : zoneOffset(s, t.end);
  return day + t.ms - off;
}

let dmyKey = '';
let dmyDay = NaN;

/** 'DD/MM/YYYY hh:mm:ss' (DMA); also 'DD/MM/YYYY hh:mm' and older exports' 'hh.mm'. UTC. */
export function parseDmyTime(s: string): number {
  if (s.length < 16 || s.charCodeAt(2) !== 47 || s.charCodeAt(5) !== 47) return NaN;
  let day: number;
  if (dmyKey !== '' && s.startsWith(dmyKey)) day = dmyDay;
  else {
    day = dayStart(digits(s, 6, 4), digits(s, 3, 2), digits(s, 0, 2));
    if (Number.isNaN(day)) return NaN;
    dmyKey = s.slice(0, 10);
    dmyDay = day;
  }
  if (s.charCodeAt(10) !== 32) return NaN;
  const t = timeOfDay(s, 11);
  if (Number.isNaN(t.ms) || s.slice(t.end).trim() !== '') return NaN;
  return day + t.ms;
}
