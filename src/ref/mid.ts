/**
 * Maritime Identification Digits (ITU-R M.585) -> flag state.
 * The table is data/ref/mid_country.csv (libais docs/mid.csv + ISO alpha-2 codes added by hand,
 * see data/ref/PROVENANCE.md), read once on first use.
 */
import { readFileSync } from 'node:fs';
import { SourceError } from '../errors.js';

/** Where and when the table was taken; MIDs that ITU allocated after the libais snapshot are missing. */
export const MID_TABLE = {
  source: 'schwehr/libais docs/mid.csv @ 87dadfaa1b4d, plus 374 PA, 471 AE, 550 TL from the ITU-R MID table',
  retrieved: '2026-11-26',
  rows: 292,
} as const;

export interface MidEntry {
  mid: number;
  /** country or territory as ITU names it, e.g. "Korea (Republic of)" */
  country: string;
  /** ISO 3166-1 alpha-2 of the country or territory, e.g. "KR" */
  iso2: string;
}

// src/ref/mid.ts and dist/ref/mid.js are both two levels below the package root.
const TABLE_URL = new URL('../../data/ref/mid_country.csv', import.meta.url);
const ROW = /^(\d{3}),(?:"((?:[^"]|"")*)"|([^,"]*)),([A-Z]{2})$/;

let table: Map<number, MidEntry> | undefined;

/** Parse the bundled CSV text (exported for tests). */
export function parseMidTable(text: string, name = 'mid_country.csv'): Map<number, MidEntry> {
  const out = new Map<number, MidEntry>();
  const lines = text.split(/\r?\n/);
  if (lines[0] !== 'mid,country,iso2') {
    throw new SourceError('bad_reference', `${name}: line 1 should be "mid,country,iso2", got "${lines[0] ?? ''}"`);
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const m = ROW.exec(line);
    if (!m) throw new SourceError('bad_reference', `${name}: line ${i + 1} is not "mid,country,iso2": ${line}`);
    const mid = Number(m[1]);
    const country = m[2] !== undefined ? m[2].replace(/""/g, '"') : (m[3] ?? '');
    out.set(mid, { mid, country, iso2: m[4] ?? '' });
  }
  return out;
}

function load(): Map<number, MidEntry> {
  if (!table) table = parseMidTable(readFileSync(TABLE_URL, 'utf8'), TABLE_URL.pathname);
  return table;
}

/** Entry for a 3-digit MID, or undefined when ITU had not assigned it (as of MID_TABLE). */
export function lookupMid(mid: number): MidEntry | undefined {
  return load().get(mid);
}

/** Every known MID entry, in MID order. */
export function allMids(): MidEntry[] {
  return [...load().values()].sort((a, b) => a.mid - b.mid);
}
