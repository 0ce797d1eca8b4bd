/** What the pipeline tests share: analyze options, a store's events in id order, an NMEA file cut into UTC days. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalyzeCliOptions } from '../../src/cli/analyze.js';
import { openStore } from '../../src/store/index.js';
import type { Event } from '../../src/events.js';

export const DAY = 86_400_000;

export const opts = (db: string, extra: Partial<AnalyzeCliOptions> = {}): AnalyzeCliOptions => ({ db, format: 'auto', profile: 'gfw', quiet: true, ...extra });

export async function storedEvents(db: string): Promise<Event[]> {
  const store = await openStore(db, { mustExist: true });
  try {
    return (await store.events()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  } finally {
    await store.close();
  }
}

/** Splits an NMEA file by its tag-block receive time (c:, seconds) into one file per UTC day from `start`, written into `dir`. */
export function splitByDay(file: string, start: number, dir: string): string[] {
  const days: string[][] = [];
  let day = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const m = /[\\,]c:(\d+)/.exec(line);
    if (m) day = Math.floor((Number(m[1]) * 1000 - start) / DAY);
    (days[day] ??= []).push(line);
  }
  return days.map((lines, i) => {
    const f = path.join(dir, `day${i + 1}.nmea`);
    writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  });
}
