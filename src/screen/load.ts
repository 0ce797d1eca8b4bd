/**
 * Opens a list file of any supported format, told apart by content, not by name:
 * OFAC SDN CSV (or a folder holding sdn.csv), UN consolidated XML, FollowTheMoney JSON
 * lines, or the analyst's CSV watchlist.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ScreenError } from '../errors.js';
import { loadFtm } from './load-ftm.js';
import { loadOfac } from './load-ofac.js';
import { loadUn } from './load-un.js';
import { loadWatchlist } from './load-watchlist.js';
import { readHead } from './read.js';
import type { LoadedList } from './types.js';

export type ListFormat = LoadedList['format'];

export function detectListFormat(file: string): ListFormat {
  if (!existsSync(file)) throw new ScreenError('list_not_found', `list file not found: ${file}`);
  if (statSync(file).isDirectory()) {
    if (existsSync(path.join(file, 'sdn.csv')) || existsSync(path.join(file, 'sdn.csv.gz'))) return 'ofac-csv';
    throw new ScreenError('unknown_list_format', `${file}: a folder without sdn.csv`);
  }
  const head = readHead(file).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (head.startsWith('<')) {
    if (head.includes('CONSOLIDATED_LIST')) return 'un-xml';
    throw new ScreenError('unknown_list_format', `${file}: XML, but not a UN consolidated list`);
  }
  if (head.startsWith('{')) return 'ftm-jsonl';
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  // sdn.csv has no header: ent_num,"NAME",...
  if (/^\d+,"/.test(first)) return 'ofac-csv';
  const cols = first.toLowerCase().split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (cols.includes('name') || cols.includes('imo') || cols.includes('mmsi')) return 'watchlist-csv';
  throw new ScreenError(
    'unknown_list_format',
    `${file}: not a list darkfleet reads (OFAC sdn.csv, UN XML, FollowTheMoney JSON lines, or CSV with name,imo,mmsi,note)`,
  );
}

export async function loadList(file: string): Promise<LoadedList> {
  switch (detectListFormat(file)) {
    case 'ofac-csv':
      return loadOfac(file);
    case 'un-xml':
      return loadUn(file);
    case 'ftm-jsonl':
      return loadFtm(file);
    case 'watchlist-csv':
      return loadWatchlist(file);
  }
}
