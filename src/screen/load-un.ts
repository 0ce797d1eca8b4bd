/**
 * UN Security Council Consolidated List XML (`CONSOLIDATED_LIST` with INDIVIDUALS and
 * ENTITIES). Ids follow OpenSanctions: `unsc-<DATAID>`. The list has no vessel records;
 * DPRK shipping companies name their vessels in COMMENTS1 ("Registered owner of the DPRK
 * tanker PAEK MA"), so those names become unlisted Vessel nodes related to the listed
 * company: a ship seen under that name is then one hop from a UN-listed owner or manager.
 */
import { XMLParser } from 'fast-xml-parser';
import { ScreenError } from '../errors.js';
import { imoDigits } from '../ref/imo.js';
import { normalizeOrgName, normalizeVesselName } from './normalize.js';
import { readText } from './read.js';
import { addReject, emptyEntity } from './types.js';
import type { ListEntity, LoadedList, Relation, RelationRole } from './types.js';

export const UN_SOURCE = 'un-sc';

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set([
  'INDIVIDUAL', 'ENTITY', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'VALUE', 'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS',
  'NATIONALITY', 'INDIVIDUAL_DOCUMENT',
]);

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return '';
  return String(v).replace(/\s+/g, ' ').trim();
}

function list(v: unknown): XmlNode[] {
  if (Array.isArray(v)) return v.filter((x): x is XmlNode => typeof x === 'object' && x !== null);
  return typeof v === 'object' && v !== null ? [v as XmlNode] : [];
}

export function loadUn(file: string): LoadedList {
  const xml = readText(file, 'utf8');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    throw new ScreenError('bad_list', `${file}: not well-formed XML: ${(err as Error).message}`, { cause: err });
  }
  const root = doc['CONSOLIDATED_LIST'] as XmlNode | undefined;
  if (!root) throw new ScreenError('bad_list', `${file}: no CONSOLIDATED_LIST element`);
  const rejects: Record<string, number> = {};
  const entities: ListEntity[] = [];
  const relations: Relation[] = [];

  const individuals = list((root['INDIVIDUALS'] as XmlNode | undefined)?.['INDIVIDUAL']);
  const orgs = list((root['ENTITIES'] as XmlNode | undefined)?.['ENTITY']);
  for (const [nodes, kind] of [[individuals, 'INDIVIDUAL'], [orgs, 'ENTITY']] as const) {
    for (const n of nodes) {
      const id = text(n['DATAID']);
      const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => text(n[k])).filter(Boolean).join(' ');
      if (!id || !name) {
        addReject(rejects, id ? 'missing_name' : 'missing_dataid');
        continue;
      }
      const e = emptyEntity(`unsc-${id}`, kind === 'INDIVIDUAL' ? 'Person' : 'Organization', name, UN_SOURCE);
      e.sanctioned = true;
      const prog = text(n['UN_LIST_TYPE']);
      if (prog) e.programs.push(prog);
      for (const a of list(n[`${kind}_ALIAS`])) {
        const alias = text(a['ALIAS_NAME']);
        if (alias && alias !== name && !e.aliases.includes(alias)) e.aliases.push(alias);
      }
      const original = text(n['NAME_ORIGINAL_SCRIPT']);
      if (original) e.aliases.push(original);
      const comments = text(n['COMMENTS1']);
      if (comments) e.notes = comments;
      if (kind === 'ENTITY') {
        // "IMO number: 5571322", "Company Number IMO 5434358": IMO company numbers
        for (const m of comments.matchAll(/IMO\)?(?:\s+number)?\s*:?\s*(\d{7})\b/gi)) {
          const imo = imoDigits(m[1]);
          if (imo && !e.imo.includes(imo)) e.imo.push(imo);
        }
        for (const v of vesselMentions(comments, name)) {
          const vid = `${e.id}-vessel-${normalizeVesselName(v.name).compact.toLowerCase()}`;
          const vessel = emptyEntity(vid, 'Vessel', v.name, UN_SOURCE);
          vessel.notes = `named in the UN listing of ${name} (${text(n['REFERENCE_NUMBER'])})`;
          entities.push(vessel);
          relations.push({ subject: vid, role: v.role, object: e.id, source: UN_SOURCE });
        }
      }
      entities.push(e);
    }
  }
  const published = text((root as XmlNode)['@dateGenerated']);
  const out: LoadedList = { file, format: 'un-xml', entities, relations, rejects };
  if (published) out.published = published;
  return out;
}

// upper-case words that are not ship names
const NOT_VESSEL = new Set(['DPRK', 'UN', 'IMO', 'ETA', 'STS', 'KOMID', 'OMM', 'USD', 'IRGC', 'KKBC', 'SWIFT', 'II', 'MV']);
const COMPANY_WORD = /\b(SHIPPING|COMPANY|CO|LTD|CORP|CORPORATION|BANK|TRADING|GROUP|INTERNATIONAL|MARINE|MARITIME|LIMITED)\b/;

/**
 * Ship names written in capitals in a UN comment, with how the listed company relates to
 * each: `owner`/`manager` when the sentence says so before the name with no comma between,
 * else `linked_to` (the ship is only named in the listing).
 */
export function vesselMentions(comments: string, entityName: string): { name: string; role: RelationRole }[] {
  const own = normalizeOrgName(entityName).compact;
  const found = new Map<string, RelationRole>();
  for (const sentence of comments.split(/\.\s+(?=[A-Z])/)) {
    if (!/\b(vessels?|tankers?|ships?|owners?|owns|managers?)\b/i.test(sentence)) continue;
    for (const m of sentence.matchAll(/\b[A-Z][A-Z0-9]*(?: (?:[A-Z][A-Z0-9]*|\d+))*\b/g)) {
      const words = m[0].split(' ');
      // "A DPRK-flagged tanker": drop leading and trailing words that are not the name
      while (words.length > 0 && (words[0] === 'A' || NOT_VESSEL.has(words[0]!))) words.shift();
      while (words.length > 0 && NOT_VESSEL.has(words[words.length - 1]!)) words.pop();
      const run = words.join(' ');
      if (words.length === 0 || COMPANY_WORD.test(run) || !/[A-Z]{2}/.test(run) || run.replace(/ /g, '').length < 4) continue;
      const compact = normalizeOrgName(run).compact;
      if (own === compact) continue; // the company itself (ships are often named after their owner, so no substring test)
      const before = sentence.slice(0, m.index);
      const roleWord = /\b(owner|owns|owned|manager|operator)\b[^,;]*$/i.exec(before);
      let role: RelationRole = 'linked_to';
      if (roleWord) role = /own/i.test(roleWord[1]!) ? 'owner' : 'manager';
      const prev = found.get(run);
      if (!prev || prev === 'linked_to') found.set(run, role);
    }
  }
  return [...found].map(([name, role]) => ({ name, role }));
}
