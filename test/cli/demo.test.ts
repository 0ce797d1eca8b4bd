/**
 * The README's quick start: `npm run demo` analyses the bundled sample, scores it against its
 * ground truth and then serves the map; `--no-serve` (and CI=true) exits after the analysis.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { BIN, darkfleet } from './run.js';
import { SAMPLE_POSITIONS } from '../api/sample.js';

describe('darkfleet demo', () => {
  it('--no-serve: analyses the sample, scores every event type and exits 0', () => {
    const r = darkfleet(['demo', '--no-serve']);
    expect(r.code, r.stderr).toBe(0);
    // the score table: one line per type, every one at precision and recall 1 or near it
    const lines = r.stdout.split('\n').filter((l) => /^[a-z_]+\s+P \d\.\d{3}\s+R \d\.\d{3}/.test(l));
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(['encounter', 'gap', 'identity_change', 'loitering', 'port_visit', 'spoofing', 'zone_entry']));
    for (const l of lines) {
      const [, p, rec] = /P (\d\.\d{3})\s+R (\d\.\d{3})/.exec(l)!;
      expect(Number(p), l).toBeGreaterThanOrEqual(0.95);
      expect(Number(rec), l).toBeGreaterThanOrEqual(0.95);
    }
    expect(r.stdout).toMatch(/negatives reported: 0 of \d+/);
    expect(r.summary().positions).toBe(SAMPLE_POSITIONS);
    expect(r.stdout).not.toMatch(/Serving/);
    // the report, one self-contained file, written where the demo ran
    const written = /Report written: (\S+darkfleet-demo-report\.html)/.exec(r.stdout)?.[1];
    expect(written, r.stdout).toBeDefined();
    expect(readFileSync(written!, 'utf8')).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" id="report-map"/);
    rmSync(written!, { force: true });
  });

  it('then serves the analysed store: the map and the API answer on loopback until SIGTERM', async () => {
    const env = { ...process.env };
    delete env.CI; // CI=true would make it exit after the analysis
    const child = spawn(process.execPath, [BIN, 'demo', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    try {
      const served = await new Promise<{ url: string; map: string }>((resolve, reject) => {
        const rl = createInterface({ input: child.stdout });
        rl.on('line', (l) => {
          if (l.startsWith('{"url"')) resolve(JSON.parse(l) as { url: string; map: string });
        });
        void exited.then((code) => reject(new Error(`demo exited ${code} before serving: ${stderr}`)));
      });
      expect(served.map).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const stats = (await (await fetch(`${served.url}stats`)).json()) as { positions: number; events: Record<string, number> };
      expect(stats.positions).toBe(SAMPLE_POSITIONS);
      expect(stats.events.encounter).toBeGreaterThan(0);
      const page = await fetch(served.map);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
