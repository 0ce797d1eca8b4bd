/**
 * The analyst's own watchlist: CSV with a header naming `name`, `imo`, `mmsi` and `note`
 * (any order, more columns ignored). Every row is a target. Ids are built from content so
 * they survive edits to the file: `watch-imo-9187629`, `watch-mmsi-...`, `watch-name-...`.
 */
import { ScreenError } from '../errors.js';
import { parseCsv } from './csv.js';
import { imoDigits, isValidImo } from '../ref/imo.js';
import { mmsiDigits } from '../ref/mmsi.js';
import { normalizeVesselName } from './normalize.js';
import { readText } from './read.js';
import { addReject, emptyEntity } from './types.js';
import type { ListEntity, LoadedList } from './types.js';

export const WATCHLIST_SOURCE = 'watchlist';

export function loadWatchlist(file: string): LoadedList {
  const rows = parseCsv(readText(file, 'utf8'));
  const head = rows.next();
  if (head.done) throw new ScreenError('bad_list', `${file}: empty watchlist`);
  const cols = head.value.fields.map((h) => h.trim().toLowerCase());
  const at = (k: string): number => cols.indexOf(k);
  const [iName, iImo, iMmsi, iNote] = [at('name'), at('imo'), at('mmsi'), at('note')];
  if (iName < 0 && iImo < 0 && iMmsi < 0) {
    throw new ScreenError('bad_list', `${file}: watchlist header needs name, imo or mmsi (got ${cols.join(',')})`);
  }
  const rejects: Record<string, number> = {};
  const entities = new Map<string, ListEntity>();
  for (const row of rows) {
    const get = (i: number): string => (i >= 0 ? (row.fields[i] ?? '').trim() : '');
    const name = get(iName);
    let imo = imoDigits(get(iImo));
    if (get(iImo) && (!imo || !isValidImo(imo))) {
      addReject(rejects, 'invalid_imo');
      imo = null;
    }
    const mmsi = mmsiDigits(get(iMmsi));
    if (get(iMmsi) && !mmsi) addReject(rejects, 'invalid_mmsi');
    const compact = name ? normalizeVesselName(name).compact.toLowerCase() : '';
    const id = imo ? `watch-imo-${imo}` : mmsi ? `watch-mmsi-${mmsi}` : compact ? `watch-name-${compact}` : null;
    if (!id) {
      addReject(rejects, 'no_identity');
      continue;
    }
    const e = entities.get(id) ?? emptyEntity(id, 'Vessel', name || (imo ? `IMO ${imo}` : `MMSI ${mmsi}`), WATCHLIST_SOURCE);
    e.sanctioned = true;
    if (imo && !e.imo.includes(imo)) e.imo.push(imo);
    if (mmsi && !e.mmsi.includes(mmsi)) e.mmsi.push(mmsi);
    if (name && name !== e.name && !e.aliases.includes(name)) e.aliases.push(name);
    const note = get(iNote);
    if (note) e.notes = e.notes ? `${e.notes}; ${note}` : note;
    entities.set(id, e);
  }
  return { file, format: 'watchlist-csv', entities: [...entities.values()], relations: [], rejects };
}
