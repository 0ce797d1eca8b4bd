import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(repoRoot, 'test/fixtures');
export const shared = path.resolve(repoRoot, '../shared/data');

/**
 * Path of a file of ../shared/data, or null (with the reason printed) when it is absent.
 * With CI=true an absent file is an error: CI has ../shared and nothing may skip.
 */
export function sharedFile(rel: string): string | null {
  const p = path.join(shared, rel);
  if (existsSync(p)) return p;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${p} is missing`);
  console.warn(`skipping: ${p} is absent (a fresh clone has no ../shared)`);
  return null;
}

/** The real NMEA fixtures with gpsd/libais ground truth (gpsd sample, daemon logs, libais examples). */
export function nmeaFixtures(): string[] {
  const daemon = path.join(fixtures, 'ais/gpsd/daemon');
  return [
    path.join(fixtures, 'ais/gpsd/sample.aivdm'),
    ...readdirSync(daemon)
      .filter((f) => f.endsWith('.log'))
      .map((f) => path.join(daemon, f)),
    path.join(fixtures, 'ais/libais/typeexamples.nmea'),
    path.join(fixtures, 'ais/libais/tagblock.nmea'),
  ];
}
