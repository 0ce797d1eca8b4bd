/**
 * Validates FollowTheMoney JSON lines against the schema names and property names extracted
 * from FtM's schema YAMLs (test/fixtures/export/ftm-schema.json, see PROVENANCE.md there):
 * the schema exists and is not abstract, every property is declared by the schema or one of
 * its parents, every value is a non-empty list of strings, and `id` is a non-empty string.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface SchemaSpec {
  extends: string[];
  abstract: boolean;
  properties: string[];
}

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/export/ftm-schema.json');
export const FTM_SCHEMATA = (JSON.parse(readFileSync(FILE, 'utf8')) as { schemata: Record<string, SchemaSpec> }).schemata;

/** Every property a schema has, its parents' included. */
export function ftmProperties(schema: string): Set<string> {
  const out = new Set<string>();
  const walk = (s: string): void => {
    const spec = FTM_SCHEMATA[s];
    if (!spec) return;
    for (const p of spec.properties) out.add(p);
    for (const parent of spec.extends) walk(parent);
  };
  walk(schema);
  return out;
}

export function ftmProblems(line: string): string[] {
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  if (typeof e !== 'object' || e === null) return ['not an object'];
  const { id, schema, properties } = e as { id?: unknown; schema?: unknown; properties?: unknown };
  const out: string[] = [];
  if (typeof id !== 'string' || id === '') out.push('id must be a non-empty string');
  if (typeof schema !== 'string' || !FTM_SCHEMATA[schema]) return [...out, `unknown schema ${String(schema)}`];
  if (FTM_SCHEMATA[schema]!.abstract) out.push(`schema ${schema} is abstract`);
  if (typeof properties !== 'object' || properties === null) return [...out, 'properties must be an object'];
  const allowed = ftmProperties(schema);
  for (const [k, v] of Object.entries(properties)) {
    if (!allowed.has(k)) out.push(`${schema} has no property ${k}`);
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) out.push(`${schema}.${k} must be a non-empty list of strings`);
  }
  return out;
}
