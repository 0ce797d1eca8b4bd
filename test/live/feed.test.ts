/**
 * The live path without services: a tcp feed that drops comes back (backoff), AISStream's
 * websocket read from a local ws server on loopback, the webhook's retry with backoff and its
 * bounded queue, the replay order, and the partition rules (every record reaches the partition
 * that owns what it can be part of).
 */
import { describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import { createServer as createHttp } from 'node:http';
import { WebSocketServer } from 'ws';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { watch } from '../../src/live/watch.js';
import { openFeed, aisStreamSubscription } from '../../src/live/inputs.js';
import { FeedOrder } from '../../src/live/order.js';
import { Router, cellPartition, detectorsOf, mmsiPartition, ownsEvent, type PartitionPlan } from '../../src/live/partition.js';
import { Runner, SimpleGeo } from '../../src/detect/index.js';
import { WebhookSink } from '../../src/live/alerts.js';
import { decodePayload, encodePayload } from '../../src/live/codec.js';
import type { Position, VesselStatic } from '../../src/records.js';
import type { Event } from '../../src/events.js';

// three lines of the simulated Nampo scenario (src/sim, seed 1), tag-block times
const LINES = [
  '\\s:darkfleet-sim,c:1772323201*06\\!AIVDM,1,1,,B,169b0SoP0O8o;AvEtQoC2jT21hqF,0*1D',
  '\\s:darkfleet-sim,c:1772323201*06\\!AIVDM,1,1,,A,16:7qBhP1A8mWTdEkv<UGD>21J@d,0*04',
  '\\s:darkfleet-sim,c:1772323202*05\\!AIVDM,1,1,,B,169kHV7P0M8mhBPEf;Ip1FF40g36,0*2D',
];

const pos = (mmsi: number, t: number, lat: number, lon: number): Position => ({ mmsi, t, lat, lon, sog: 0, cog: null, heading: null, navStatus: null, source: 't' });

describe('tcp feed', () => {
  it('reconnects after the feed drops, and counts a bad sentence without stopping', async () => {
    let conns = 0;
    const server = createServer((s: Socket) => {
      conns++;
      // first connection: two sentences then a drop; second: a corrupt line and the third sentence
      if (conns === 1) s.end(`${LINES[0]}\n${LINES[1]}\n`);
      else s.end(`garbage!AIVDM,1,1,,A,zzz,0*00\n${LINES[2]}\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const ac = new AbortController();
    const events: string[] = [];
    const mmsis: number[] = [];
    const rejects: Record<string, number> = {};
    for await (const b of openFeed(`tcp://127.0.0.1:${port}`, { signal: ac.signal, backoffMs: { min: 20, max: 100 }, onConnection: (_i, e) => events.push(e) })) {
      for (const r of b.records) mmsis.push(r.mmsi);
      for (const [k, v] of Object.entries(b.rejects)) rejects[k] = (rejects[k] ?? 0) + v;
      if (mmsis.length >= 3) ac.abort();
    }
    server.close();
    expect(conns).toBeGreaterThanOrEqual(2);
    expect(events.slice(0, 3)).toEqual(['connected', 'dropped', 'connected']);
    expect(mmsis).toHaveLength(3);
    expect(Object.values(rejects).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });
});

describe('tcp feed, live', () => {
  it('hands records on while the connection stays open (not only when it ends)', async () => {
    let sock: Socket | undefined;
    const server = createServer((s: Socket) => {
      sock = s;
      s.write(`${LINES[0]}\n${LINES[1]}\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const ac = new AbortController();
    // bounded: a reader that holds records for a large batch would wait here for ever
    const guard = setTimeout(() => ac.abort(), 5000);
    const mmsis: number[] = [];
    for await (const b of openFeed(`tcp://127.0.0.1:${port}`, { signal: ac.signal, backoffMs: { min: 20, max: 100 } })) {
      for (const r of b.records) mmsis.push(r.mmsi);
      if (mmsis.length >= 2) ac.abort();
    }
    clearTimeout(guard);
    const open = sock !== undefined && !sock.destroyed && sock.writable;
    sock?.destroy();
    server.close();
    expect(mmsis).toHaveLength(2);
    expect(open).toBe(true);
  });
});

describe('aisstream websocket', () => {
  it('subscribes with the key and bbox, and reads the JSON messages', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const port = (wss.address() as { port: number }).port;
    let sub = '';
    wss.on('connection', (ws) => {
      ws.once('message', (m: Buffer) => {
        sub = m.toString();
        ws.send(
          JSON.stringify({
            MessageType: 'PositionReport',
            MetaData: { MMSI: 412000001, ShipName: 'X', latitude: 38.7, longitude: 125.2, time_utc: '2026-03-01 00:00:01.000000000 +0000 UTC' },
            Message: { PositionReport: { UserID: 412000001, Latitude: 38.7, Longitude: 125.2, Sog: 0.1, Cog: 10, TrueHeading: 511, NavigationalStatus: 1, Valid: true } },
          }),
        );
      });
    });
    const spec = `aisstream://?key=K1&bbox=124,38,126,39&url=ws://127.0.0.1:${port}`;
    expect(JSON.parse(aisStreamSubscription(spec).message)).toEqual({ APIKey: 'K1', BoundingBoxes: [[[38, 124], [39, 126]]] });
    const ac = new AbortController();
    const got: number[] = [];
    for await (const b of openFeed(spec, { signal: ac.signal, backoffMs: { min: 20, max: 100 } })) {
      for (const r of b.records) got.push(r.mmsi);
      if (got.length) ac.abort();
    }
    wss.close();
    expect(JSON.parse(sub).APIKey).toBe('K1');
    expect(got).toEqual([412000001]);
  });
});

describe('webhook alerts', () => {
  it('retries with backoff until the receiver answers, in order', async () => {
    let calls = 0;
    const got: string[] = [];
    const server = createHttp((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        calls++;
        if (calls <= 2) res.writeHead(503).end();
        else {
          got.push((JSON.parse(body) as Event).id);
          res.writeHead(204).end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const sink = new WebhookSink(`http://127.0.0.1:${port}/hook`, { backoffMs: { min: 10, max: 40 } });
    const ev = (id: string): Event => ({ id, type: 'gap', start: 'a', end: 'b', mmsi: [1], lat: 0, lon: 0, confidence: 1, flags: [], rule: { name: 'gap', params: {} }, evidence: {} });
    sink.send(ev('e1'), Date.now());
    sink.send(ev('e2'), Date.now());
    await sink.close(5000);
    server.close();
    expect(got).toEqual(['e1', 'e2']);
    expect(sink.stats).toMatchObject({ sent: 2, retries: 2, dropped: 0, failed: 0 });
  });

  it('drops the oldest, counted, when the queue is full', async () => {
    const sink = new WebhookSink('http://127.0.0.1:9/none', { maxQueue: 2, maxAttempts: 1, timeoutMs: 200 });
    const ev = (id: string): Event => ({ id, type: 'gap', start: 'a', end: 'b', mmsi: [1], lat: 0, lon: 0, confidence: 1, flags: [], rule: { name: 'gap', params: {} }, evidence: {} });
    for (const id of ['a', 'b', 'c', 'd']) sink.send(ev(id), Date.now());
    await sink.close(3000);
    expect(sink.stats.dropped + sink.stats.failed).toBe(4);
    expect(sink.stats.dropped).toBeGreaterThanOrEqual(1);
  });
});

describe('replay order', () => {
  it('sorts within the window, statics first at a time, drops late records and repeats', () => {
    const o = new FeedOrder({ windowMs: 1000 });
    const st: VesselStatic = { mmsi: 2, t: 1000, imo: null, name: 'A', callsign: null, shipType: null, length: null, width: null, draught: null, destination: null, flag: null, source: 't' };
    expect(o.push([pos(2, 1000, 1, 1), pos(1, 1000, 1, 1), st, pos(1, 1000, 1, 1)])).toEqual([]);
    const out = o.push([pos(3, 2500, 1, 1)]);
    expect(out.map((r) => [r.mmsi, 'lat' in r])).toEqual([
      [2, false],
      [1, true],
      [2, true],
    ]);
    o.push([pos(4, 900, 1, 1)]);
    expect(o.stats).toMatchObject({ late: 1, repeats: 1 });
    expect(o.flush().map((r) => r.mmsi)).toEqual([3]);
  });

  it('says when the records it releases were received: the earliest of them (alert latency counts the hold)', () => {
    const o = new FeedOrder({ windowMs: 1000 });
    expect(o.push([pos(1, 1000, 1, 1)], 50)).toEqual([]);
    o.push([pos(2, 1500, 1, 1)], 70);
    const out = o.push([pos(3, 2600, 1, 1)], 90);
    expect(out.map((r) => r.mmsi)).toEqual([1, 2]);
    expect(o.releasedArrival).toBe(50);
    o.push([pos(4, 2700, 1, 1)], 95);
    expect(Number.isNaN(o.releasedArrival)).toBe(true);
    expect(o.flush().map((r) => r.mmsi)).toEqual([3, 4]);
    expect(o.releasedArrival).toBe(90);
  });
});

describe('partitions', () => {
  const plan: PartitionPlan = { mmsi: 4, cells: 4, cellDeg: 1, marginDeg: 0.25, groups: 1 };
  it('sends a position to its MMSI partition, its cell and the cells within the margin, and where the vessel was', () => {
    const r = new Router(plan);
    const to = (p: Position): string[] => {
      const out: string[] = [];
      r.route(p, (k, i) => out.push(`${k}.${i}`));
      return out;
    };
    const deep = to(pos(412000001, 0, 38.5, 124.5));
    expect(deep).toEqual([`m.${mmsiPartition(412000001, plan)}`, 'g.0', `c.${cellPartition(38.5, 124.5, plan)}`]);
    // near a corner: up to four cells' partitions
    const corner = to(pos(412000001, 1, 38.9, 124.9)).filter((s) => s.startsWith('c.'));
    const want = new Set([cellPartition(38.9, 124.9, plan), cellPartition(39.1, 124.9, plan), cellPartition(38.9, 125.1, plan), cellPartition(39.1, 125.1, plan)]);
    expect(new Set(corner)).toEqual(new Set([...want].map((j) => `c.${j}`)));
    // the next fix far away still goes to the partitions of the last one
    const far = to(pos(412000001, 2, 10.5, 10.5)).filter((s) => s.startsWith('c.'));
    for (const j of want) expect(far).toContain(`c.${j}`);
  });

  it('owns each event in exactly one partition', () => {
    const e = (type: Event['type'], lat: number, flags: string[] = []): Event => ({ id: 'x', type, start: 'a', end: 'b', mmsi: [1, 2], lat, lon: 125.3, confidence: 1, flags, rule: { name: type, params: {} }, evidence: { imo: 9074729 } });
    // a stream made before group partitions (groups 0): convoys stay with the MMSI partitions
    for (const p of [plan, { ...plan, groups: 0 }]) {
      for (const ev of [e('encounter', 38.4), e('gap', 38.4), e('identity_change', 38.4, ['mmsi_change']), e('identity_change', 38.4, ['name_change']), e('convoy', 38.4)]) {
        const by: string[] = [];
        for (let i = 0; i < p.mmsi; i++) if (ownsEvent('m', i, ev, p)) by.push('m');
        for (let j = 0; j < p.cells; j++) if (ownsEvent('c', j, ev, p)) by.push('c');
        if (p.groups && ownsEvent('g', 0, ev, p)) by.push('g');
        const owners = by.length;
        // per-vessel events: one per vessel, each from the vessel's MMSI partition (here the
        // test event names no partition's vessel in particular, so every MMSI partition owns it)
        const perVessel = ev.type === 'gap' || ev.flags.includes('name_change') || (ev.type === 'convoy' && !p.groups);
        expect(owners, `${ev.type} ${ev.flags.join()} groups ${p.groups}`).toBe(perVessel ? p.mmsi : 1);
        if (ev.type === 'convoy' && p.groups) expect(by).toEqual(['g']);
      }
    }
  });

  it("runs in each partition only the detectors of the events it owns", () => {
    expect(detectorsOf('c', plan, false)).toEqual({ only: ['encounter', 'identity'] });
    expect(detectorsOf('g', plan, false)).toEqual({ only: ['convoy'] });
    expect(detectorsOf('m', plan, false)).toEqual({ except: ['encounter', 'convoy'] });
    // the loitering exclusion reads encounters; an old stream's MMSI partitions own convoys
    expect(detectorsOf('m', { ...plan, groups: 0 }, true)).toEqual({ except: [] });
    expect(() => new Runner({ geo: new SimpleGeo(), detectors: { only: ['encounters'] } })).toThrow(/unknown detector encounters/);
  });

  it('round-trips a message payload', () => {
    const p = pos(412000001, 1772323201000, 38.7, 125.2);
    p.msgType = 1;
    const back = decodePayload(encodePayload({ a: 5, id: 'r', n: 3, src: 'feed', items: [{ k: 'p', r: { ...p, source: 'feed' } }, { k: 'k', t: 7 }] }));
    expect(back).toEqual({ a: 5, id: 'r', n: 3, src: 'feed', items: [{ k: 'p', r: { ...p, source: 'feed' } }, { k: 'k', t: 7 }] });
  });

  it('round-trips statics, unknown fields and marks in order, from any byte offset, and reads the older JSON payload', () => {
    const a = pos(412000001, 1772323201000, 38.123456789, 125.987654321);
    a.msgType = 18;
    const b: Position = { mmsi: 445000002, t: 1772323202500, lat: -33.5, lon: 151.25, sog: null, cog: null, heading: null, navStatus: null, source: 'feed' };
    const st: VesselStatic = { mmsi: 445000002, t: 1772323202600, imo: 9123456, name: 'KUM UN SAN 3', callsign: 'HMYZ', shipType: 80, length: 120, width: 18, draught: 7.2, destination: 'NAMPO', flag: null, source: 'feed' };
    const payload = { a: Number.NaN, id: 'run', n: 9, src: 'feed', items: [{ k: 'p', r: { ...a, source: 'feed' } }, { k: 's', r: st }, { k: 'k', t: 1772323260000 }, { k: 'p', r: b }, { k: 'e', t: 1772323299000 }] } as const;
    const bytes = encodePayload({ ...payload, items: [...payload.items] });
    const want = { ...payload, items: [...payload.items] };
    expect(decodePayload(bytes)).toEqual(want);
    // a message sits at any offset of the connection's buffer: unaligned positions are copied
    for (const shift of [1, 3, 8]) {
      const big = new Uint8Array(bytes.length + shift);
      big.set(bytes, shift);
      expect(decodePayload(big.subarray(shift))).toEqual(want);
      // the broker client may hand a Buffer, whose slice is a view, not a copy
      const pool = Buffer.alloc(bytes.length + shift);
      pool.set(bytes, shift);
      expect(decodePayload(pool.subarray(shift))).toEqual(want);
    }
    const json = Buffer.from(JSON.stringify({ a: 5, id: 'old', n: 1, src: 'feed', r: [[a.t, a.mmsi, a.lat, a.lon, a.sog, a.cog, a.heading, a.navStatus, 18], { s: { ...st, source: undefined } }, ['k', 7]] }));
    const old = decodePayload(json);
    expect(old.items.map((x) => x.k)).toEqual(['p', 's', 'k']);
    expect(old.items[0]).toEqual({ k: 'p', r: { ...a, source: 'feed' } });
    expect(() => decodePayload(Uint8Array.from([1, 0, 0, 0, 200, 0, 0, 0, 123]))).toThrow(/not darkfleet's/);
    expect(() => decodePayload(Buffer.from('not json'))).toThrow(/not darkfleet's/);
  });
});

describe('watch on a file out of time order', () => {
  it('says once that the input is not in time order when late records pile up, and counts them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'df-late-'));
    try {
      // MarineCadastre's layout: sorted by vessel, each vessel's day in time order
      const rows = ['MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass'];
      for (const mmsi of [366000001, 366000002, 366000003]) {
        for (let i = 0; i < 4000; i++) rows.push(`${mmsi},${new Date(Date.UTC(2022, 0, 3) + i * 20_000).toISOString().slice(0, 19)},37.${String(i).padStart(5, '0')},-122.5,5.0,90.0,90,,,,70,0,100,20,5,,A`);
      }
      // gzipped, as NOAA ships them: read chunk by chunk, so the vessels come batch after batch
      const file = path.join(dir, 'by-vessel.csv.gz');
      writeFileSync(file, gzipSync(`${rows.join('\n')}\n`));
      const logs: string[] = [];
      const s = await watch({ inputs: [file], geo: new SimpleGeo({}), log: (l) => void logs.push(l) });
      // 12,000 positions and each vessel's static report
      expect(s.read).toBe(12_003);
      // the second and third vessels' days lie behind the first's end: dropped, and counted
      expect(s.late).toBeGreaterThan(6000);
      expect(s.positions + s.statics + s.late).toBe(s.read);
      const warned = logs.filter((l) => /not in time order/.test(l));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/darkfleet analyze/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
