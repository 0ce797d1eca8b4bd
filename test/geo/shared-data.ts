/**
 * Locates real test data in ../shared/data beside the repo. Absent data skips a test with a
 * printed reason, except under CI=true, where nothing may skip: it fails instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of shared/data/<rel>, or undefined (with a printed reason) when absent. */
export function sharedData(rel: string): string | undefined {
  const file = path.resolve(repoRoot, '../shared/data', rel);
  if (existsSync(file)) return file;
  if (process.env.CI === 'true') throw new Error(`CI=true and shared test data is missing: ${file}`);
  console.warn(`skipping: shared test data not found at ${file}`);
  return undefined;
}
