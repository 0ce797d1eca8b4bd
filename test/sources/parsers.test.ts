import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDelimiter, splitCsvLine } from '../../src/sources/csv.js';
import { parseDmyTime, parseIsoTime } from '../../src/sources/time.js';
import { byteSourceFromBytes } from '../../src/sources/open.js';
import { readLineBlocks } from '../../src/sources/lines.js';
import { countRejects, createRejectWriter } from '../../src/sources/rejects.js';
import { StaticTracker } from '../../src/sources/statics.js';

describe('splitCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('1,"HAVFRUEN, ESBJERG",x')).toEqual(['1', 'HAVFRUEN, ESBJERG', 'x']);
    expect(splitCsvLine('"say ""hi""",2')).toEqual(['say "hi"', '2']);
    expect(splitCsvLine('"",""')).toEqual(['', '']);
    expect(splitCsvLine('a,"b"')).toEqual(['a', 'b']);
    expect(splitCsvLine('a,"open')).toBeNull();
    expect(splitCsvLine('a\t"b\tc"\td', '\t')).toEqual(['a', 'b\tc', 'd']);
  });

  it('round-trips any fields written RFC 4180 style', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', 'Z', '1') }), { minLength: 1, maxLength: 8 }), (fields) => {
        const line = fields.map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
        expect(splitCsvLine(line)).toEqual(fields);
      }),
    );
  });

  it('detects the delimiter of a header', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc, d')).toBe('\t');
    expect(detectDelimiter('a;b;c')).toBe(';');
  });
});

describe('time parsers', () => {
  it('reads MarineCadastre and AISStream times as UTC', () => {
    expect(parseIsoTime('2023-01-11T00:00:00')).toBe(Date.UTC(2023, 0, 11));
    expect(parseIsoTime('2025-01-01 23:59:59')).toBe(Date.UTC(2025, 0, 1, 23, 59, 59));
    expect(parseIsoTime('2024-09-17 14:38:55.281038479 +0000 UTC')).toBe(Date.UTC(2024, 8, 17, 14, 38, 55, 281));
    expect(parseIsoTime('2024-09-17T14:38:55Z')).toBe(Date.UTC(2024, 8, 17, 14, 38, 55));
    expect(parseIsoTime('2024-09-17T16:38:55+02:00')).toBe(Date.UTC(2024, 8, 17, 14, 38, 55));
    expect(parseIsoTime('2024-02-29T00:00:00')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2023-02-29T00:00:00', '2023-13-01T00:00:00', '2023-01-11T24:00:00', '2023-01-11', 'yesterday', '', '2023-01-11T00:00:00 junk', '2023-01-11X00:00:00']) {
      expect(parseIsoTime(bad), bad).toBeNaN();
    }
  });

  it('reads DMA times', () => {
    expect(parseDmyTime('12/11/2013 12:00:05')).toBe(Date.UTC(2013, 10, 12, 12, 0, 5));
    expect(parseDmyTime('31/12/2015 23:59:59')).toBe(Date.UTC(2015, 11, 31, 23, 59, 59));
    expect(parseDmyTime('01/10/2014 06:30')).toBe(Date.UTC(2014, 9, 1, 6, 30));
    expect(parseDmyTime('01/10/2014 00.00')).toBe(Date.UTC(2014, 9, 1));
    for (const bad of ['32/11/2013 12:00:00', '12/13/2013 12:00:00', '2013-11-12 12:00:00', '12/11/2013 12:60:00', '12/11/2013']) {
      expect(parseDmyTime(bad), bad).toBeNaN();
    }
  });

  it('agrees with Date.parse on random instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), (sec) => {
        const iso = new Date(sec * 1000).toISOString().slice(0, 19);
        expect(parseIsoTime(iso)).toBe(sec * 1000);
        const [d, t] = iso.split('T');
        const [y, m, day] = d!.split('-');
        expect(parseDmyTime(`${day}/${m}/${y} ${t}`)).toBe(sec * 1000);
      }),
    );
  });
});

describe('readLineBlocks', () => {
  it('handles CRLF, a BOM, a last line without newline and exact byte offsets', async () => {
    const text = '\uFEFFh1,h2\r\nå,1\r\n\r\nlast';
    const blocks = [];
    for await (const b of readLineBlocks(byteSourceFromBytes('x', text))) blocks.push(b);
    expect(blocks.flatMap((b) => b.lines)).toEqual(['h1,h2', 'å,1', '', 'last']);
    expect(blocks.at(-1)!.endByte).toBe(Buffer.byteLength(text));
    expect(blocks[0]!.firstLineNo).toBe(1);
  });
});

describe('rejects', () => {
  it('counts by reason and writes a JSON-lines reject file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-rej-'));
    const file = path.join(dir, 'rejects.jsonl');
    const w = createRejectWriter(file);
    w.sink('bad,row', { lineNo: 7, reason: 'bad_time', detail: 'BaseDateTime=x' }, 'in.csv');
    w.sink('{', { lineNo: 9, reason: 'bad_json', detail: 'Unexpected end' }, 'in.jsonl');
    await w.close();
    expect(w.count()).toBe(2);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toEqual({ file: 'in.csv', line: 7, reason: 'bad_time', detail: 'BaseDateTime=x', raw: 'bad,row' });
    expect(countRejects({ rejects: [{ lineNo: 1, reason: 'bad_mmsi', detail: '' }, { lineNo: 2, reason: 'bad_mmsi', detail: '' }] })).toEqual({ bad_mmsi: 2 });
  });
});

describe('StaticTracker', () => {
  it('merges partial reports and emits only on change', () => {
    const t = new StaticTracker();
    expect(t.update(445123456, 1, { name: null }, 's')).toBeNull();
    expect(t.update(445123456, 2, { name: 'KUM UN SAN' }, 's')).toMatchObject({ name: 'KUM UN SAN', callsign: null, flag: 'KP', t: 2 });
    // the first repeat of a new identity is passed on once more, later repeats are not
    expect(t.update(445123456, 3, { name: 'KUM UN SAN', callsign: null }, 's')).toMatchObject({ name: 'KUM UN SAN', t: 3 });
    expect(t.update(445123456, 3.5, { name: 'KUM UN SAN' }, 's')).toBeNull();
    expect(t.update(445123456, 4, { callsign: 'HMZL' }, 's')).toMatchObject({ name: 'KUM UN SAN', callsign: 'HMZL', t: 4 });
    expect(t.update(445123456, 5, { name: 'SEA STAR' }, 's')).toMatchObject({ name: 'SEA STAR', callsign: 'HMZL' });
  });
});

describe('fastDecimal', () => {
  it('gives exactly the double Number() gives for plain decimals', async () => {
    const { fastDecimal, optNum } = await import('../../src/sources/common.js');
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{0,6}$/), (neg, int, frac) => {
        const s = `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
        expect(Object.is(fastDecimal(s), Number(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(fastDecimal('-70.75733')).toBe(-70.75733);
    expect(fastDecimal('1e3')).toBeNaN();
    expect(optNum('1e3')).toBe(1000);
    expect(optNum(' 12 ')).toBe(12);
    expect(optNum('   ')).toBeNull();
    expect(optNum('1..2')).toBeUndefined();
    expect(optNum('.')).toBeUndefined();
    expect(optNum('')).toBeNull();
  });
});
