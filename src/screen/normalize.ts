/**
 * Name normalisation for matching. A vessel name is reduced to upper-case ASCII tokens:
 * transliterated with any-ascii, AIS `@` padding and punctuation dropped, ship prefixes
 * (MV, M/V, MT, ...) removed. Its `compact` form joins the tokens, so spacing never
 * matters (`CHON MA SAN` = `CHONMASAN`). `numbers` are the digit runs and trailing Roman
 * numerals, which must agree for a fuzzy match (`HAO FAN 2` is not `HAO FAN 6`).
 */
import anyAscii from 'any-ascii';

export interface NormalName {
  /** tokens after cleaning, e.g. ['CHON', 'MA', 'SAN'] */
  tokens: string[];
  /** tokens joined without spaces, the matching key */
  compact: string;
  /** numbers in the name as decimal strings, sorted (Roman numerals converted) */
  numbers: string[];
}

// Prefixes written before a ship's name (motor vessel, motor tanker, steam ship, ...).
// Only removed when another token follows, so a ship named "MT" keeps its name.
const VESSEL_PREFIXES = new Set([
  'MV', 'MT', 'MS', 'SS', 'FV', 'MY', 'SV', 'RV', 'TS', 'MSV', 'MTS', 'MFV', 'LPG', 'LNG', 'TB', 'HMS',
]);
const TWO_LETTER_PREFIXES = new Set(['MV', 'MT', 'MS', 'FV', 'MY', 'SV', 'RV', 'TB']);

// Legal forms dropped from organisation names (yente's logic removes org types too).
const ORG_FORMS = new Set([
  'LTD', 'LIMITED', 'CO', 'COMPANY', 'CORP', 'CORPORATION', 'INC', 'INCORPORATED', 'LLC', 'LLP', 'LP',
  'SA', 'SAS', 'SARL', 'SAL', 'SRL', 'SPA', 'AG', 'GMBH', 'BV', 'NV', 'PLC', 'PTE', 'PVT', 'JSC', 'PJSC',
  'OJSC', 'CJSC', 'OOO', 'ZAO', 'OAO', 'AO', 'PAO', 'FZE', 'FZCO', 'FZC', 'DMCC', 'LTDA', 'CIA', 'DE', 'CV',
  'RL', 'THE', 'AND', 'OF', 'KG', 'AS', 'AB', 'OY', 'BHD', 'SDN', 'PTY', 'EST', 'JV',
]);

const ROMAN: Record<string, string> = {
  I: '1', II: '2', III: '3', IV: '4', V: '5', VI: '6', VII: '7', VIII: '8', IX: '9', X: '10',
  XI: '11', XII: '12', XIII: '13', XIV: '14', XV: '15', XVI: '16', XVII: '17', XVIII: '18', XIX: '19', XX: '20',
};

/** Upper-case ASCII tokens of any name (no prefix or legal-form removal). */
export function baseTokens(raw: string): string[] {
  // any-ascii is slow on long ASCII strings it does not need to touch
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(raw) ? raw : anyAscii(raw);
  return ascii
    .toUpperCase()
    .replace(/'/g, '')
    .split(/[^A-Z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Numbers written in the tokens: digit runs anywhere, Roman numerals after the first token. */
export function numbersOf(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const digits = t.match(/\d+/g);
    if (digits) for (const d of digits) out.push(String(Number(d)));
    else if (i > 0 && ROMAN[t] !== undefined) out.push(ROMAN[t]);
  }
  return out.sort();
}

/** Normalised form of a vessel name. */
export function normalizeVesselName(raw: string): NormalName {
  const tokens = baseTokens(raw.replace(/@/g, ' '));
  // "M/V", "M.T." became ["M","V"], ["M","T"]
  if (tokens.length > 2 && tokens[0] === 'M' && tokens[1]!.length === 1 && TWO_LETTER_PREFIXES.has('M' + tokens[1])) {
    tokens.splice(0, 2);
  } else if (tokens.length > 1 && VESSEL_PREFIXES.has(tokens[0]!)) {
    tokens.splice(0, 1);
  }
  return { tokens, compact: tokens.join(''), numbers: numbersOf(tokens) };
}

/** Normalised form of a company, organisation or person name: legal forms dropped. */
export function normalizeOrgName(raw: string): NormalName {
  const all: string[] = [];
  // "S.A.", "L.L.C." arrive as single letters: join runs of them so they read as SA, LLC
  let inRun = false;
  for (const t of baseTokens(raw)) {
    const letter = t.length === 1 && t >= 'A' && t <= 'Z';
    if (letter && inRun) all[all.length - 1] += t;
    else all.push(t);
    inRun = letter;
  }
  const kept = all.filter((t) => !ORG_FORMS.has(t));
  const tokens = kept.length > 0 ? kept : all;
  return { tokens, compact: tokens.join(''), numbers: numbersOf(tokens) };
}

/** True when two sorted number lists are equal. */
export function sameNumbers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
