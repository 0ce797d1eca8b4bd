/**
 * `darkfleet report [--db] [--zone NAME|--zones FILE|--bbox W,S,E,N] [--from T] [--to T]
 * --out report.html [--pdf]`: one self-contained HTML file an analyst can forward (src/report/),
 * and with --pdf a PDF beside it, printed by Debian's Chromium headless (/usr/bin/chromium, or
 * $CHROMIUM); without Chromium --pdf is a clear error after the HTML is written. Prints one JSON
 * line: the files written, the area, the counts and the seconds taken.
 */
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../store/index.js';
import { buildReport, type ReportData } from '../report/data.js';
import { renderReport } from '../report/html.js';
import { areaOptions, areaQuery, type AreaCliOptions } from './presence.js';
import { DarkfleetError, UsageError } from '../errors.js';

export interface ReportCliOptions extends AreaCliOptions {
  out: string;
  pdf?: boolean;
  title?: string;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Prints `html` to `pdf` with headless Chromium; throws a DarkfleetError when it is missing or fails. */
export function printPdf(html: string, pdf: string, chromium = process.env.CHROMIUM ?? CHROMIUM_PATH): void {
  if (!existsSync(chromium)) throw new DarkfleetError('pdf_no_chromium', `--pdf needs Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM); the HTML was written`);
  const profile = mkdtempSync(path.join(tmpdir(), 'darkfleet-pdf-'));
  try {
    const r = spawnSync(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${path.resolve(pdf)}`, pathToFileURL(path.resolve(html)).href],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0 || !existsSync(pdf)) throw new DarkfleetError('pdf_failed', `Chromium could not print ${pdf}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-1)[0]}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export interface ReportResult {
  out: string;
  pdf?: string;
  bytes: number;
  area: string;
  vessels: number;
  events: Record<string, number>;
  seconds: number;
}

/** Builds the report from the store into `out` (and a PDF beside it with `pdf`). */
export async function runReport(o: ReportCliOptions): Promise<{ result: ReportResult; data: ReportData }> {
  const t0 = performance.now();
  if (!o.out) throw new UsageError('--out: give the HTML file to write (report.html)');
  const q = areaQuery(o);
  const store = await openStore(o.db, { mustExist: true, readOnly: true });
  let data: ReportData;
  try {
    data = await buildReport(store, { ...q, ...(o.title ? { title: o.title } : {}) });
  } finally {
    await store.close();
  }
  const html = renderReport(data);
  writeFileSync(o.out, html);
  let pdf: string | undefined;
  if (o.pdf) {
    pdf = o.out.replace(/\.html?$/i, '') + '.pdf';
    printPdf(o.out, pdf);
  }
  const result: ReportResult = {
    out: o.out,
    ...(pdf ? { pdf } : {}),
    bytes: Buffer.byteLength(html),
    area: data.presence.area.name,
    vessels: data.presence.vessels,
    events: data.presence.eventsByType,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
  };
  return { result, data };
}

export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description('write one self-contained HTML report (map, tables, charts, methods) for a zone or box and a period; --pdf prints it with Chromium');
  areaOptions(cmd)
    .option('--title <text>', 'the report title')
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--pdf', 'also print a PDF beside it (needs /usr/bin/chromium)')
    .action(async (o: ReportCliOptions) => {
      const { result } = await runReport(o);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
