/**
 * The decode benchmark corpus: ~1M lines built from the real AIS sentences in
 * ../shared/data/ais-decoding (or the copies in test/fixtures when ../shared is absent):
 * bare `!..VDM` sentences (tag blocks, prefixes and suffixes stripped so every decoder reads the
 * same text), checksum-valid, multipart groups only when complete, repeated in order.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function validChecksum(s: string): boolean {
  const star = s.lastIndexOf('*');
  if (star < 0 || star + 3 > s.length) return false;
  let cs = 0;
  for (let i = 1; i < star; i++) cs ^= s.charCodeAt(i);
  return cs === parseInt(s.slice(star + 1, star + 3), 16);
}

/** Complete groups of bare sentences from every file under `dir`. */
export function realGroups(dir: string): string[][] {
  const groups: string[][] = [];
  for (const file of walk(dir)) {
    if (/\.(json|chk|md)$/.test(file)) continue;
    let pending: string[] = [];
    for (const raw of readFileSync(file, 'latin1').split('\n')) {
      const m = /[!$][A-Z]{2}VD[MO],\d,\d,[^*]*\*[0-9A-Fa-f]{2}/.exec(raw);
      if (!m || raw.trimStart().startsWith('#')) continue;
      const s = m[0]!.startsWith('$') ? `!${m[0]!.slice(1)}` : m[0]!;
      if (!validChecksum(s)) continue;
      const f = s.split(',');
      const total = Number(f[1]);
      const num = Number(f[2]);
      if (num === 1) pending = [];
      if (num !== pending.length + 1) {
        pending = [];
        continue;
      }
      pending.push(s);
      if (num === total) {
        groups.push(pending);
        pending = [];
      }
    }
  }
  return groups;
}

export function corpusPath(lines = 1_000_000): string {
  const out = path.join(root, '.bench', `decode-${lines}.nmea`);
  if (existsSync(out)) return out;
  const shared = path.resolve(root, '../shared/data/ais-decoding');
  const src = existsSync(shared) ? shared : path.join(root, 'test/fixtures/ais');
  const groups = realGroups(src);
  const buf: string[] = [];
  let n = 0;
  while (n < lines) {
    for (const g of groups) {
      buf.push(...g);
      n += g.length;
      if (n >= lines) break;
    }
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${buf.join('\n')}\n`);
  return out;
}
