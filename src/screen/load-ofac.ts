/**
 * OFAC SDN list in its legacy CSV form: `sdn.csv` (no header: ent_num, SDN_Name, SDN_Type,
 * Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks; `-0-`
 * means empty), with `alt.csv` (ent_num, alt_num, alt_type, alt_name, alt_remarks) and
 * `sdn_comments.csv` (overflow of long remarks) read from beside it when present.
 * Vessel facts that OFAC keeps in the remarks are parsed out: IMO, MMSI, former names,
 * former flags, other call signs, and `Linked To:` relations.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from './csv.js';
import { readText } from './read.js';
import { imoDigits, isValidImo } from '../ref/imo.js';
import { mmsiDigits } from '../ref/mmsi.js';
import { addReject, emptyEntity } from './types.js';
import type { EntitySchema, ListEntity, LoadedList, Relation } from './types.js';

export const OFAC_SOURCE = 'ofac-sdn';

function val(s: string | undefined): string {
  const t = (s ?? '').trim();
  return t === '-0-' ? '' : t;
}

/** Reads sdn.csv (or a folder holding it) and its companion files. */
export function loadOfac(file: string): LoadedList {
  const sdnPath = existsSync(file) && statSync(file).isDirectory() ? companion(file, 'sdn.csv') ?? path.join(file, 'sdn.csv') : file;
  const dir = path.dirname(sdnPath);
  // the files are ASCII or Windows-1252; latin1 keeps every byte
  const text = readText(sdnPath, 'latin1');
  const rejects: Record<string, number> = {};
  const entities: ListEntity[] = [];
  const relations: Relation[] = [];
  const byNum = new Map<string, ListEntity>();
  const remarks = new Map<string, string>();
  const rows: { num: string; f: string[] }[] = [];
  const skipped = new Set<string>();

  for (const row of parseCsv(text)) {
    const f = row.fields;
    if (f.length !== 12) {
      addReject(rejects, 'bad_field_count');
      continue;
    }
    const num = val(f[0]);
    if (!/^\d+$/.test(num)) {
      addReject(rejects, 'bad_ent_num');
      continue;
    }
    rows.push({ num, f });
    remarks.set(num, val(f[11]));
  }

  // long remarks continue in sdn_comments.csv, cut mid-word: join without a separator
  const commentsPath = companion(dir, 'sdn_comments.csv');
  if (commentsPath) {
    for (const row of parseCsv(readText(commentsPath, 'latin1'))) {
      const num = val(row.fields[0]);
      if (row.fields.length < 2 || !remarks.has(num)) {
        addReject(rejects, 'orphan_comment');
        continue;
      }
      remarks.set(num, remarks.get(num)! + (row.fields[1] ?? '').replace(/\s+$/, ''));
    }
  }

  for (const { num, f } of rows) {
    const type = val(f[2]).toLowerCase();
    if (type === 'aircraft') {
      skipped.add(num);
      addReject(rejects, 'aircraft_not_screened');
      continue;
    }
    const schema: EntitySchema = type === 'vessel' ? 'Vessel' : type === 'individual' ? 'Person' : 'Organization';
    const e = emptyEntity(`ofac-${num}`, schema, val(f[1]), OFAC_SOURCE);
    e.sanctioned = true;
    e.programs = val(f[3]).split(/\]\s*\[/).map((p) => p.trim()).filter(Boolean);
    const callSign = val(f[5]);
    if (callSign) e.callSigns.push(callSign);
    const flag = val(f[9]);
    if (flag) e.flags.push(flag);
    const rem = remarks.get(num) ?? '';
    if (rem) e.notes = rem;
    parseRemarks(e, rem, relations, rejects);
    // "Director of DANDONG HONGXIANG ...", "General Manager, ...": officer of a listed entity
    const title = val(f[4]);
    const officer = schema === 'Person' ? OFFICER.exec(title) : null;
    if (officer) {
      const role = /director|chairman|president|chief executive|ceo/i.test(officer[1]!) ? 'director' : 'associate';
      relations.push({ subject: `name:${officer[2]!.trim()}`, role, object: e.id, source: OFAC_SOURCE, listedOnly: true });
    }
    const owner = val(f[10]);
    if (owner) relations.push({ subject: e.id, role: 'owner', object: `name:${owner}`, source: OFAC_SOURCE });
    entities.push(e);
    byNum.set(num, e);
  }

  const altPath = companion(dir, 'alt.csv');
  if (altPath) {
    for (const row of parseCsv(readText(altPath, 'latin1'))) {
      const [num, , kind, name] = row.fields.map(val);
      const e = byNum.get(num ?? '');
      if (!e || !name) {
        addReject(rejects, e ? 'alt_without_name' : skipped.has(num ?? '') ? 'alt_of_aircraft' : 'orphan_alt');
        continue;
      }
      const k = (kind ?? '').toLowerCase().replace(/\./g, '');
      const list = k === 'fka' ? e.formerNames : e.aliases;
      if (!list.includes(name)) list.push(name);
    }
  }
  return { file, format: 'ofac-csv', entities, relations, rejects };
}

/** `name` or `name.gz` in `dir`, whichever exists. */
function companion(dir: string, name: string): string | null {
  for (const f of [name, `${name}.gz`]) if (existsSync(path.join(dir, f))) return path.join(dir, f);
  return null;
}

const QUOTED = /'([^']+)'/;
const OFFICER = /^(.*?\b(?:Director|Manager|Chairman|President|Owner|Officer|CEO|Executive|Founder|Head|Representative|Shareholder|Partner))\b(?:\s+of\s+|,\s*)(.+)$/i;

function parseRemarks(e: ListEntity, rem: string, relations: Relation[], rejects: Record<string, number>): void {
  if (!rem) return;
  for (let item of rem.split(/;\s+/)) {
    item = item.trim().replace(/\.$/, '');
    const alt = item.replace(/^alt\.\s+/, '');
    let m: RegExpMatchArray | null;
    if ((m = /^([afn])\.k\.a\.\s+(.*)$/.exec(alt))) {
      const name = (QUOTED.exec(m[2]!)?.[1] ?? m[2]!).trim();
      const list = m[1] === 'f' ? e.formerNames : e.aliases;
      if (name && !list.includes(name)) list.push(name);
    } else if ((m = /^Former Vessel Flag\s+(.+)$/.exec(alt))) {
      e.pastFlags.push(m[1]!.trim());
    } else if ((m = /^(?:Vessel Registration Identification\s+(?:IMO\s+)?|(?:Identification Number|Company Number)\s+IMO\s+)(\d+)/.exec(alt))) {
      const imo = imoDigits(m[1]);
      // vessel IMO numbers carry a check digit; company numbers do not follow it
      if (imo && (e.schema !== 'Vessel' || isValidImo(imo))) e.imo.push(imo);
      else addReject(rejects, 'invalid_imo_in_remarks');
    } else if ((m = /^MMSI\s+(\d+)/.exec(alt))) {
      const mmsi = mmsiDigits(m[1]);
      if (mmsi) e.mmsi.push(mmsi);
      else addReject(rejects, 'invalid_mmsi_in_remarks');
    } else if ((m = /^Other Vessel Call Sign\s+(.+)$/.exec(alt))) {
      e.callSigns.push(m[1]!.trim());
    } else if ((m = /^Other Vessel Flag\s+(.+)$/.exec(alt))) {
      e.flags.push(m[1]!.trim());
    } else if ((m = /^Linked To:\s*(.+)$/.exec(alt))) {
      relations.push({ subject: e.id, role: 'linked_to', object: `name:${m[1]!.trim()}`, source: OFAC_SOURCE });
    }
  }
}
