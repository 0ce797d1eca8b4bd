import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { register, runScreen } from '../../src/cli/screen.js';
import type { ScreenCliOptions } from '../../src/cli/screen.js';
import type { Hit } from '../../src/screen/types.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/screen');
const LISTS = [path.join(FIX, 'ofac_sdn_2021_excerpt/sdn.csv'), path.join(FIX, 'un_consolidated_excerpt.xml'), path.join(FIX, 'ftm_scenario.jsonl')];

async function run(extra: Partial<ScreenCliOptions>): Promise<{ hits: Hit[]; summary: Record<string, unknown>; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'df-screen-'));
  const out = path.join(dir, 'hits.jsonl');
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    await runScreen({ list: LISTS, vessels: path.join(FIX, 'vessels.csv'), out, threshold: '0.7', hops: '2', ...extra });
  } finally {
    spy.mockRestore();
  }
  const hits = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Hit);
  return { hits, summary: JSON.parse(err.at(-1)!) as Record<string, unknown>, dir };
}

describe('darkfleet screen --vessels', () => {
  it('writes hits with the input row carried through, and a summary', async () => {
    const { hits, summary } = await run({});
    const byName = (n: string): string[] => hits.filter((h) => h.query['name'] === n).map((h) => h.entity.id);
    expect(byName('NEW HORIZON')).toEqual(['ofac-15036']);
    expect(byName('M/T  huge@@@@@@@@@@@@')).toEqual(['ofac-15054']);
    expect(byName('GLORY')).toEqual(['ofac-15054']);
    expect(byName('chonmasan')).toEqual(['ofac-23729', 'unsc-6908674']);
    expect(byName('HAO FAN 3')).toEqual([]);
    expect(byName('OCEAN STAR 7')).toEqual([]);
    expect(byName('SEA BREEZE')).toEqual(['sim-co-petro-shadow']);
    const first = hits[0]!;
    expect(first.query).toEqual({ mmsi: '572469210', imo: '9187629', name: 'NEW HORIZON', callsign: 'T2EU4', flag: 'KM', voyage_note: 'renamed tanker seen off Fujairah' });
    expect(Object.keys(first)).toEqual(['query', 'entity', 'score', 'reasons', 'path']);
    expect(Object.keys(first.entity).slice(0, 4)).toEqual(['id', 'schema', 'name', 'source']);
    expect(summary).toMatchObject({ identities: 7, rejected: { no_identity: 1 }, vesselsHit: 5, hits: 6, direct: 4, indirect: 2 });
  });

  it('writes sanctions_hit events and risk scores', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'df-screen-ev-'));
    const events = path.join(dir, 'behaviour.jsonl');
    writeFileSync(events, [
      JSON.stringify({ id: 'encounter:572469210-445123456:2024-03-01T14:00:00Z', type: 'encounter', start: '2024-03-01T14:00:00Z', end: '2024-03-01T18:00:00Z', mmsi: [572469210, 445123456], confidence: 0.9, flags: ['night', 'outside_territorial_sea'], rule: { name: 'encounter', params: {} }, evidence: {} }),
      'not json',
    ].join('\n'));
    const { summary } = await run({ eventsOut: path.join(dir, 'ev.jsonl'), riskOut: path.join(dir, 'risk.jsonl'), events, seenAt: '2024-03-01T00:00:00Z' });
    const ev = readFileSync(path.join(dir, 'ev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; start: string });
    expect(ev.map((e) => e.id)).toEqual(['sanctions_hit:572469210:ofac-15036', 'sanctions_hit:9321483:sim-co-petro-shadow']);
    expect(ev[0]!.start).toBe('2024-03-01T00:00:00Z');
    const risk = readFileSync(path.join(dir, 'risk.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { score: number; components: unknown[] });
    expect(risk.length).toBe(7);
    expect(risk[0]!.score).toBe(60 + 12);
    expect(summary['events']).toEqual({ read: 1, rejected: { bad_json: 1 } });
  });

  it('refuses a missing store, and checks its numbers', async () => {
    await expect(runScreen({ list: LISTS, db: '/nonexistent/x.duckdb', threshold: '0.7', hops: '2' })).rejects.toMatchObject({ code: 'store' });
    await expect(runScreen({ list: LISTS, vessels: 'v.csv', threshold: '1.5', hops: '2' })).rejects.toMatchObject({ code: 'usage' });
    await expect(runScreen({ list: LISTS, threshold: '0.7', hops: '2' })).rejects.toMatchObject({ code: 'usage' });
  });

  it('registers its options with commander', () => {
    const p = new Command();
    register(p);
    const cmd = p.commands.find((c) => c.name() === 'screen')!;
    expect(cmd.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--list', '--vessels', '--db', '--out', '--threshold', '--hops', '--registry']));
  });
});
