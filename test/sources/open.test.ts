import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { byteSourceFromIterable, openByteSource } from '../../src/sources/open.js';
import { readInput } from '../../src/sources/read.js';
import { DarkfleetError, SourceError } from '../../src/errors.js';
import { collect, fixture } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'darkfleet-open-'));

async function text(src: Awaited<ReturnType<typeof openByteSource>>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of src.chunks()) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

describe('openByteSource', () => {
  const plain = readFileSync(fixture('dma_aisdk_sample.csv'), 'utf8');

  it('chooses decompression by magic bytes, not by name', async () => {
    const gz = path.join(tmp, 'looks-plain.csv');
    writeFileSync(gz, gzipSync(plain));
    const src = await openByteSource(gz);
    expect(await text(src)).toBe(plain);
    expect(src.compression).toBe('gzip');
    expect(src.rawBytesRead()).toBe(src.size);

    const zst = path.join(tmp, 'no-extension');
    writeFileSync(zst, readFileSync(fixture('dma_aisdk_sample.csv.zst')));
    const z = await openByteSource(zst);
    expect(await text(z)).toBe(plain);
    expect(z.compression).toBe('zstd');

    const zip = await openByteSource(fixture('dma_aisdk_sample.zip'));
    expect(await text(zip)).toBe(plain);

    const none = await openByteSource(fixture('dma_aisdk_sample.csv'));
    expect(await text(none)).toBe(plain);
    expect(none.compression).toBe('none');
  });

  it('reads concatenated gzip members (as `cat a.gz b.gz` makes)', async () => {
    const p = path.join(tmp, 'two-members.gz');
    writeFileSync(p, Buffer.concat([gzipSync('line one\n'), gzipSync('line two\n')]));
    expect(await text(await openByteSource(p))).toBe('line one\nline two\n');
  });

  it('peeks without consuming, and reads only once', async () => {
    const src = await openByteSource(fixture('dma_aisdk_sample.csv.zst'));
    const head = Buffer.from(await src.peek(11)).toString();
    expect(head).toBe('# Timestamp');
    expect(await text(src)).toBe(plain);
    expect(() => src.chunks()).toThrow(SourceError);
  });

  it('reads any async iterable (stdin, sockets) with strings or bytes', async () => {
    async function* parts() {
      yield 'a,b\n';
      yield Buffer.from('1,2\n');
    }
    const src = byteSourceFromIterable('-', parts(), undefined);
    expect(await text(src)).toBe('a,b\n1,2\n');
  });

  it('fails with one clear error naming the file', async () => {
    await expect(openByteSource(path.join(tmp, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot open: no such file/);
    const dir = path.join(tmp, 'a-dir');
    mkdirSync(dir);
    await expect(openByteSource(dir)).rejects.toThrow(/a-dir: is a directory/);

    const cut = path.join(tmp, 'cut.gz');
    const gz = gzipSync(plain.repeat(50));
    writeFileSync(cut, gz.subarray(0, gz.length - 100));
    const err = await text(await openByteSource(cut)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toBeInstanceOf(DarkfleetError);
    expect((err as SourceError).code).toBe('bad_gzip');
    expect((err as Error).message).toContain('cut.gz: gzip data is corrupt or truncated');

    const badZst = path.join(tmp, 'bad.zst');
    const z = readFileSync(fixture('dma_aisdk_sample.csv.zst'));
    writeFileSync(badZst, Buffer.concat([z.subarray(0, 12), Buffer.alloc(40, 0xff)]));
    await expect(text(await openByteSource(badZst))).rejects.toThrow(/bad\.zst: zstd data is corrupt/);

    const xz = path.join(tmp, 'data.csv');
    writeFileSync(xz, Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]));
    await expect(openByteSource(xz).then((s) => s.peek(10))).rejects.toThrow(/data\.csv: xz-compressed; decompress it first/);
  });

  it('readInput opens, sniffs and reads a renamed compressed file', async () => {
    const p = path.join(tmp, 'export.dat');
    writeFileSync(p, gzipSync(readFileSync(fixture('aisstream_sample.jsonl'))));
    const got = await collect(readInput(p));
    expect(got.positions).toHaveLength(8);
    expect(got.statics).toHaveLength(6);
    expect(got.positions[0]?.source).toBe('export.dat');
  });
});

describe('stopping early', () => {
  it('stops reading the input when a reader stops after the first batch', async () => {
    const p = path.join(tmp, 'big.csv');
    writeFileSync(p, readFileSync(fixture('dma_aisdk_sample.csv'), 'utf8').repeat(3_000));
    const src = await openByteSource(p);
    for await (const b of readInput(src)) {
      expect(b.positions.length).toBeGreaterThan(0);
      break;
    }
    expect(src.rawBytesRead()).toBeLessThan(src.size!);
  });
});
