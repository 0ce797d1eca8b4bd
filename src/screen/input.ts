/**
 * Inputs of `darkfleet screen` besides the lists: the vessels CSV (a header naming any of
 * mmsi, imo, name, callsign, flag; other columns carried through into each hit's `query`)
 * and the user's registry CSV (`imo,owner,operator,manager`). Rows that cannot be used
 * are counted by reason, never dropped silently.
 */
import { ScreenError } from '../errors.js';
import { parseCsv } from './csv.js';
import { imoDigits, isValidImo } from '../ref/imo.js';
import { readText } from './read.js';
import type { RegistryEntry } from './screen.js';
import { addReject } from './types.js';
import type { VesselIdentity } from './types.js';

const ALIASES: Record<string, keyof VesselIdentity> = {
  mmsi: 'mmsi', imo: 'imo', imo_number: 'imo', name: 'name', shipname: 'name', vessel_name: 'name', vesselname: 'name',
  callsign: 'callsign', call_sign: 'callsign', flag: 'flag', owner: 'owner', operator: 'operator', manager: 'manager',
};

export interface VesselRows {
  rows: { identity: VesselIdentity; query: Record<string, string> }[];
  rejects: Record<string, number>;
}

export function readVesselsCsv(file: string): VesselRows {
  const it = parseCsv(readText(file, 'utf8'));
  const head = it.next();
  if (head.done) throw new ScreenError('bad_input', `${file}: empty vessels file`);
  const header = head.value.fields.map((h) => h.trim());
  const roles = header.map((h) => ALIASES[h.toLowerCase()]);
  if (!roles.some((r) => r === 'mmsi' || r === 'imo' || r === 'name')) {
    throw new ScreenError('bad_input', `${file}: the header must name mmsi, imo or name (got ${header.join(',')})`);
  }
  const rows: VesselRows['rows'] = [];
  const rejects: Record<string, number> = {};
  for (const row of it) {
    if (row.fields.length !== header.length) addReject(rejects, 'field_count_differs');
    const query: Record<string, string> = {};
    const identity: VesselIdentity = {};
    header.forEach((h, i) => {
      const v = (row.fields[i] ?? '').trim();
      query[h] = v;
      const role = roles[i];
      if (role && v && identity[role] === undefined) identity[role] = v;
    });
    if (!identity.mmsi && !identity.imo && !identity.name) {
      addReject(rejects, 'no_identity');
      continue;
    }
    if (identity.imo) {
      const d = imoDigits(identity.imo);
      if (!d || !isValidImo(d)) addReject(rejects, 'invalid_imo_screened_without_it');
    }
    rows.push({ identity, query });
  }
  return { rows, rejects };
}

export function readRegistryCsv(file: string): { entries: RegistryEntry[]; rejects: Record<string, number> } {
  const it = parseCsv(readText(file, 'utf8'));
  const head = it.next();
  if (head.done) throw new ScreenError('bad_input', `${file}: empty registry file`);
  const cols = head.value.fields.map((h) => h.trim().toLowerCase());
  const iImo = cols.indexOf('imo');
  if (iImo < 0) throw new ScreenError('bad_input', `${file}: the registry header needs imo (imo,owner,operator,manager)`);
  const idx = { owner: cols.indexOf('owner'), operator: cols.indexOf('operator'), manager: cols.indexOf('manager') };
  const entries: RegistryEntry[] = [];
  const rejects: Record<string, number> = {};
  for (const row of it) {
    const imo = imoDigits(row.fields[iImo]);
    if (!imo || !isValidImo(imo)) {
      addReject(rejects, 'invalid_imo');
      continue;
    }
    const e: RegistryEntry = { imo };
    for (const k of ['owner', 'operator', 'manager'] as const) {
      const v = idx[k] >= 0 ? (row.fields[idx[k]] ?? '').trim() : '';
      if (v) e[k] = v;
    }
    if (!e.owner && !e.operator && !e.manager) {
      addReject(rejects, 'no_relation');
      continue;
    }
    entries.push(e);
  }
  return { entries, rejects };
}
