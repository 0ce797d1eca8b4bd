import { mkdtempSync, rmSync, writeFileSync, appendFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VesselStatic } from '../../src/records.js';
import { identityPeriods } from '../../src/store/identity.js';
import { fileSourceKey } from '../../src/store/sourcekey.js';

const s = (mmsi: number, t: number, f: Partial<VesselStatic>): VesselStatic => ({
  mmsi, t, imo: null, name: null, callsign: null, shipType: null, length: null, width: null, draught: null, destination: null, flag: null, source: 'x', ...f,
});

describe('identityPeriods', () => {
  it('splits on a real change, not on fields a report leaves out, and per MMSI', () => {
    const periods = identityPeriods([
      s(1, 0, { name: 'A', flag: 'PA' }),
      s(1, 5, { callsign: 'C1' }), // adds a callsign: a new identity tuple
      s(1, 6, { name: 'A' }),
      s(1, 9, { flag: 'KP' }), // reflagged
      s(2, 1, { name: 'B' }),
    ]);
    expect(periods).toEqual([
      { mmsi: 1, from: 0, to: 0, name: 'A', callsign: null, imo: null, flag: 'PA', shipType: null, reports: 1 },
      { mmsi: 1, from: 5, to: 6, name: 'A', callsign: 'C1', imo: null, flag: 'PA', shipType: null, reports: 2 },
      { mmsi: 1, from: 9, to: 9, name: 'A', callsign: 'C1', imo: null, flag: 'KP', shipType: null, reports: 1 },
      { mmsi: 2, from: 1, to: 1, name: 'B', callsign: null, imo: null, flag: null, shipType: null, reports: 1 },
    ]);
  });

  it('a name that comes back after another is a new period', () => {
    const p = identityPeriods([s(1, 0, { name: 'A' }), s(1, 1, { name: 'B' }), s(1, 2, { name: 'A' })]);
    expect(p.map((x) => x.name)).toEqual(['A', 'B', 'A']);
  });

  it('refuses reports out of time order', () => {
    expect(() => identityPeriods([s(1, 5, { name: 'A' }), s(1, 2, { name: 'A' })])).toThrow(/time order/);
  });
});

describe('fileSourceKey', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows content, not name: a copy has the same key, a grown or edited file a new one', async () => {
    const a = path.join(dir, 'a.nmea');
    const big = Buffer.alloc(3 << 20, 'x'); // larger than head + tail, so the middle is not hashed
    writeFileSync(a, big);
    const b = path.join(dir, 'b.nmea');
    copyFileSync(a, b);
    const ka = await fileSourceKey(a);
    expect(ka).toMatch(/^file:[0-9a-f]{64}:3145728$/);
    expect(await fileSourceKey(b)).toBe(ka);
    appendFileSync(b, 'more\n');
    expect(await fileSourceKey(b)).not.toBe(ka);
    const c = path.join(dir, 'c.nmea');
    const edited = Buffer.from(big);
    edited[(3 << 20) - 10] = 0x79;
    writeFileSync(c, edited);
    expect(await fileSourceKey(c)).not.toBe(ka);
    const small = path.join(dir, 'small.nmea');
    const line = '!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n';
    writeFileSync(small, line);
    expect((await fileSourceKey(small)).endsWith(`:${Buffer.byteLength(line)}`)).toBe(true);
  });
});
