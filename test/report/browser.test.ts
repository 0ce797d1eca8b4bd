/**
 * The report in a real browser with the network cut: playwright-core driving Debian's Chromium
 * opens the HTML written for the analysed Nampo sample (a simulated scenario) as a file; every
 * request the page makes is recorded and refused, and none may be made besides the file itself.
 * Finds the map SVG (land, tracks, event symbols) and the tables, and saves
 * test-artifacts/report.png. Skips with a printed reason without Chromium, except under CI=true,
 * where it fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { buildSampleStore, root } from '../api/sample.js';
import { runReport } from '../../src/cli/report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = path.join(root, 'test-artifacts');

const reason = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (apt-get install -y chromium)`;
if (reason && process.env.CI === 'true') throw new Error(`CI=true and the browser test cannot run: ${reason}`);
if (reason) console.warn(`skipping test/report/browser.test.ts: ${reason}`);

interface PageDoc {
  document: {
    querySelector(sel: string): { getBoundingClientRect(): { width: number; height: number } } | null;
    querySelectorAll(sel: string): { length: number };
  };
}

describe.skipIf(reason !== null)('report in Chromium, offline', () => {
  let dir: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    let db: string;
    ({ dir, db } = await buildSampleStore());
    const out = path.join(dir, 'report.html');
    await runReport({ db, out });
    url = pathToFileURL(out).href;
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(path.join(tmpdir(), 'darkfleet-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 }, offline: true });
    // the network is cut twice: offline, and every request but the file itself refused
    await context.route('**/*', (route) => {
      const u = route.request().url();
      requests.push(u);
      return u === url ? route.continue() : route.abort();
    });
    context.on('request', (r) => void (r.url() !== url && !requests.includes(r.url()) && requests.push(r.url())));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'load' });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('makes no request but the file itself', () => {
    expect(requests.filter((u) => u !== url)).toEqual([]);
  });

  it('draws the map: land, tracks and event symbols in an inline SVG of real size', async () => {
    const m = await page.evaluate(() => {
      const d = (globalThis as unknown as PageDoc).document;
      const svg = d.querySelector('svg#report-map');
      const box = svg?.getBoundingClientRect();
      return { w: box?.width ?? 0, h: box?.height ?? 0, land: d.querySelectorAll('svg#report-map path[fill="#f3efe6"]').length, tracks: d.querySelectorAll('svg#report-map path.tracks').length, events: d.querySelectorAll('svg#report-map g.event').length };
    });
    expect(m.w).toBeGreaterThan(800);
    expect(m.h).toBeGreaterThan(400);
    expect(m.land).toBe(1);
    expect(m.tracks).toBeGreaterThanOrEqual(3);
    // the sample's behaviour events (zone entries and exits are not drawn); 30 since a ship spoofed
    // on land, its real track resuming after, is no longer also two_places
    expect(m.events).toBe(30);
  });

  it('shows the tables and charts, and saves a screenshot', async () => {
    for (const id of ['presence', 'events', 'risk', 'encounters', 'identity', 'ports', 'fishing', 'methods']) {
      expect(await page.locator(`section#${id} table`).count(), id).toBeGreaterThan(0);
    }
    expect(await page.locator('section#encounters tbody tr').count()).toBe(3);
    expect(await page.locator('svg#chart-presence rect').count()).toBeGreaterThan(0);
    expect(await page.locator('svg#chart-events rect').count()).toBe(8);
    expect(await page.locator('tr[data-type="encounter"]').getAttribute('data-count')).toBe('3');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(existsSync(path.join(ARTIFACTS, 'report.png'))).toBe(true);
  });
});
