import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AisStream } from '../../src/ais/stream.js';
import { rng } from '../../src/util/prng.js';
import { nmeaFixtures, repoRoot } from './paths.js';


function realSentences(): string[] {
  const files = nmeaFixtures();
  return files.flatMap((f) => readFileSync(f, 'latin1').split('\n')).filter((l) => l.includes('VDM') || l.includes('VDO'));
}

/** 300,000 lines of real sentences, most of them damaged in one of the ways feeds damage them. */
function mutatedLines(n: number, seed: number): string[] {
  const r = rng(seed);
  const base = realSentences();
  const junk = '\\!$*,\x00\xff\x7f@`~ 0123456789abcdefABCDEF';
  const out: string[] = [];
  while (out.length < n) {
    const line = base[Math.floor(r() * base.length)]!;
    const kind = Math.floor(r() * 8);
    let m = line;
    switch (kind) {
      case 0: // untouched
        break;
      case 1: {
        // bit flip
        const i = Math.floor(r() * m.length);
        m = m.slice(0, i) + String.fromCharCode(m.charCodeAt(i) ^ (1 << Math.floor(r() * 7))) + m.slice(i + 1);
        break;
      }
      case 2: // truncation
        m = m.slice(0, Math.floor(r() * m.length));
        break;
      case 3: {
        // junk bytes inserted
        const i = Math.floor(r() * m.length);
        let j = '';
        for (let k = Math.floor(r() * 6) + 1; k > 0; k--) j += junk[Math.floor(r() * junk.length)];
        m = m.slice(0, i) + j + m.slice(i);
        break;
      }
      case 4: // doubled line
        out.push(m);
        break;
      case 5: // stray or broken tag block
        m = (r() < 0.5 ? '\\s:junk,c:12345*00\\' : `\\c:${Math.floor(r() * 2e9)}\\`) + m;
        break;
      case 6: // pure junk
        m = Array.from({ length: Math.floor(r() * 80) }, () => junk[Math.floor(r() * junk.length)]).join('');
        break;
      case 7: // fragment of a multipart alone / out of order
        m = m.replace(/,2,1,/, ',2,2,');
        break;
    }
    out.push(m.replace(/[\r\n]/g, ''));
  }
  return out.slice(0, n);
}

describe('300,000 mutated lines', () => {
  const lines = mutatedLines(300_000, 20261126);

  it('every line is accounted for: decoded, rejected by reason, or other', () => {
    const s = new AisStream({});
    let n = 0;
    s.push(Buffer.from(`${lines.join('\n')}\n`, 'latin1'), () => n++);
    s.end(() => n++);
    const st = s.stats;
    const rejected = Object.values(st.rejects).reduce((a, b) => a + b, 0);
    const other = Object.values(st.other).reduce((a, b) => a + b, 0);
    console.log(`mutation: ${st.lines} lines, ${n} messages, ok ${st.ok}, rejected ${rejected} ${JSON.stringify(st.rejects)}, other ${JSON.stringify(st.other)}`);
    expect(st.lines).toBe(300_000);
    expect(st.pending).toBe(0);
    expect(st.ok + rejected + other).toBe(st.lines);
    expect(n).toBe(st.messages);
    expect(n).toBeGreaterThan(50_000);
    expect(st.rejects.checksum).toBeGreaterThan(1000);
  });

  it('the CLI exits 0, prints only valid JSON lines, and its summary balances', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-mut-'));
    const file = path.join(dir, 'mutated.nmea');
    writeFileSync(file, `${lines.join('\n')}\n`, 'latin1');
    const rejectFile = path.join(dir, 'rejects.jsonl');
    const res = execFileSync(process.execPath, [path.join(repoRoot, 'bin/darkfleet.js'), 'decode', file, '--reject-file', rejectFile], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'latin1',
    });
    const out = res.split('\n').filter((l) => l !== '');
    for (const l of out) expect(() => JSON.parse(l) as unknown).not.toThrow();
    const rejects = readFileSync(rejectFile, 'latin1').split('\n').filter((l) => l !== '');
    const s = new AisStream({});
    s.decodeAll(Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const rejected = Object.values(s.stats.rejects).reduce((a, b) => a + b, 0);
    expect(out.length).toBe(s.stats.messages);
    expect(rejects.length).toBe(rejected);
    for (const l of rejects.slice(0, 1000)) expect(JSON.parse(l)).toHaveProperty('reason');
  });
});
