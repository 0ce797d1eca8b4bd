/**
 * Seeded generators for screening tests and the benchmark: perturbations of listed vessel
 * names as AIS users meet them (typos, spacing, prefixes, case, `@` padding, punctuation)
 * and made-up ordinary ship names. Typos never touch numbers: `HAO FAN 2` turned into
 * `HAO FAN 3` is another ship, not a misspelling.
 */
import { baseTokens, numbersOf } from '../../src/screen/normalize.js';

/** mulberry32: small, fast, seedable (the project's one PRNG). */
export { rng as prng } from '../../src/util/prng.js';

export type Perturbation = 'case' | 'spacing' | 'prefix' | 'padding' | 'punctuation' | 'typo';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PREFIXES = ['MV ', 'M/V ', 'MT ', 'M/T ', 'M.V. ', 'MT. '];

/** One perturbed form of `name` and the perturbations applied (at least one). */
export function perturbName(name: string, rnd: () => number, typoRate = 0.5): { name: string; applied: Perturbation[] } {
  const applied: Perturbation[] = [];
  let tokens = name.trim().split(/\s+/);
  // letters a typo may touch: not digits, not Roman numerals after the first word
  const numeric = new Set<number>();
  tokens.forEach((t, i) => {
    if (i > 0 && numbersOf(['X', t]).length > 0) numeric.add(i);
  });
  if (rnd() < typoRate) {
    const spots: [number, number][] = [];
    tokens.forEach((t, i) => {
      if (numeric.has(i)) return;
      for (let k = 0; k < t.length; k++) if (/[A-Za-z]/.test(t[k]!)) spots.push([i, k]);
    });
    if (spots.length > 0) {
      const [ti, k] = spots[Math.floor(rnd() * spots.length)]!;
      const t = tokens[ti]!;
      const kind = Math.floor(rnd() * 4);
      let c = LETTERS[Math.floor(rnd() * 26)]!;
      if (c === t[k]!.toUpperCase()) c = c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
      let nt: string;
      if (kind === 0) nt = t.slice(0, k) + c + t.slice(k + 1);
      else if (kind === 1 && t.length > 1) nt = t.slice(0, k) + t.slice(k + 1);
      else if (kind === 2) nt = t.slice(0, k) + c + t.slice(k);
      else nt = k + 1 < t.length && /[A-Za-z]/.test(t[k + 1]!) ? t.slice(0, k) + t[k + 1] + t[k] + t.slice(k + 2) : t.slice(0, k) + c + t.slice(k + 1);
      if (nt !== t) {
        tokens[ti] = nt;
        applied.push('typo');
      }
    }
  }
  let joiner = ' ';
  const r = rnd();
  if (r < 0.25 && tokens.length > 1) {
    joiner = '';
    applied.push('spacing');
  } else if (r < 0.45) {
    joiner = '  ';
    applied.push('spacing');
  } else if (r < 0.6 && tokens.length > 1) {
    joiner = rnd() < 0.5 ? '-' : '.';
    applied.push('punctuation');
  }
  if (joiner === ' ' && rnd() < 0.15) {
    // a space inside a word: "CHONMA SAN", "ARTA VIL"
    const i = Math.floor(rnd() * tokens.length);
    const t = tokens[i]!;
    const k = 1 + Math.floor(rnd() * (t.length - 2));
    // only between two letters: splitting "409" into "4 09" would change the number
    if (t.length >= 4 && !numeric.has(i) && /[A-Za-z]/.test(t[k - 1]!) && /[A-Za-z]/.test(t[k]!)) {
      tokens = [...tokens.slice(0, i), t.slice(0, k), t.slice(k), ...tokens.slice(i + 1)];
      applied.push('spacing');
    }
  }
  let out = tokens.join(joiner);
  if (rnd() < 0.3) {
    out = PREFIXES[Math.floor(rnd() * PREFIXES.length)]! + out;
    applied.push('prefix');
  }
  const c = rnd();
  if (c < 0.35) {
    out = out.toLowerCase();
    applied.push('case');
  } else if (c < 0.55) {
    out = out.replace(/\w+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
    applied.push('case');
  }
  if (rnd() < 0.3 && out.length < 20) {
    out = out.padEnd(20, '@');
    applied.push('padding');
  }
  if (applied.length === 0) {
    out = out.toLowerCase();
    applied.push('case');
  }
  return { name: out, applied };
}

const WORDS = [
  'OCEAN', 'STAR', 'SEA', 'PACIFIC', 'ATLANTIC', 'GLORY', 'GOLDEN', 'SILVER', 'EAGLE', 'BRIGHT', 'GRACE', 'HOPE',
  'LUCKY', 'FORTUNE', 'PRIDE', 'SPIRIT', 'WIND', 'WAVE', 'BLUE', 'GREEN', 'NORTH', 'SOUTH', 'EAST', 'WEST', 'KING',
  'QUEEN', 'PRINCESS', 'EXPRESS', 'TRADER', 'CARRIER', 'PIONEER', 'VENTURE', 'VICTORY', 'HARMONY', 'PEARL',
  'DIAMOND', 'JADE', 'CORAL', 'DOLPHIN', 'FALCON', 'PHOENIX', 'DRAGON', 'TIGER', 'LION', 'SUN', 'MOON', 'RIVER',
  'ISLAND', 'CAPE', 'BAY', 'NAVIGATOR', 'MARINER', 'SAILOR', 'COMET', 'NOVA', 'AURORA', 'HORIZON', 'LIBERTY',
  'UNITY', 'PROSPERITY', 'PROGRESS', 'ENERGY', 'POWER', 'CROWN', 'ROYAL', 'GRAND', 'NEW', 'GREAT', 'SEVEN', 'SEAS',
  'MARIA', 'ELENI', 'AGIOS', 'NIKOLAOS', 'ANNA', 'SANTA', 'SAN', 'MARE', 'NORDIC', 'BALTIC', 'ARCTIC', 'CORAL',
  'HAI', 'XIN', 'JIN', 'FENG', 'SHUN', 'DA', 'HONG', 'HUA', 'KANG', 'TAI', 'LONG', 'MING', 'SHENG', 'YUAN', 'FU',
  'HENG', 'TONG', 'BAO', 'RUI', 'XIANG', 'ZHOU', 'MARU', 'NIPPON', 'KOREA', 'BUSAN', 'SUNRISE', 'SUNSET', 'SKY',
];

/** A made-up ordinary ship name: one to three common words, often a number. */
export function madeUpName(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 3);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
  if (n === 1 || rnd() < 0.5) words.push(String(1 + Math.floor(rnd() * 99)));
  return words.join(' ');
}

/** A random valid IMO number. */
export function randomImo(rnd: () => number): string {
  const d = Array.from({ length: 6 }, (_, i) => (i === 0 ? 1 + Math.floor(rnd() * 9) : Math.floor(rnd() * 10)));
  const check = d.reduce((s, x, i) => s + x * (7 - i), 0) % 10;
  return d.join('') + String(check);
}

/** Tokens as the matcher sees them (for tests that reason about normalisation). */
export { baseTokens };
