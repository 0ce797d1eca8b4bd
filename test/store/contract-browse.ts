/**
 * The browsing part of the store contract (issue F's API): keyset pages of events, one event by
 * id, vessel search over current and former identities, and what the store holds of one MMSI.
 * storeContract (contract.ts) runs it for every driver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/events.js';
import type { Position, VesselStatic } from '../../src/records.js';
import type { EventKey, Store, StoreFactory } from '../../src/store/types.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 1);

function ev(i: number, over: Partial<Event> = {}): Event {
  const start = new Date(T0 + Math.floor(i / 3) * H).toISOString(); // three events share each start
  return {
    id: `gap:${412000000 + (i % 5)}:${start}:${i}`,
    type: i % 2 ? 'gap' : 'encounter',
    start,
    end: new Date(Date.parse(start) + 2 * H).toISOString(),
    mmsi: i % 2 ? [412000000 + (i % 5)] : [412000000 + (i % 5), 445000001],
    lat: 38 + i * 0.01,
    lon: 124 + i * 0.01,
    confidence: (i % 10) / 10,
    flags: i % 3 === 0 ? ['night', 'outside_territorial_sea'] : i % 3 === 1 ? ['night'] : [],
    rule: { name: 'gap', params: {} },
    evidence: { i },
    ...over,
  };
}

function stat(mmsi: number, t: number, fields: Partial<VesselStatic>): VesselStatic {
  return { mmsi, t, imo: null, name: null, callsign: null, shipType: null, length: null, width: null, draught: null, destination: null, flag: null, source: 'test', ...fields };
}

function pos(mmsi: number, t: number): Position {
  return { mmsi, t, lat: 38, lon: 124, sog: 1, cog: 0, heading: null, navStatus: null, source: 'test' };
}

function norm(e: Event): Event {
  // the store writes times as DESIGN.md does (no .000 fraction)
  return { ...e, start: e.start.replace('.000Z', 'Z'), end: e.end.replace('.000Z', 'Z') };
}

export function browseContract(name: string, factory: StoreFactory): void {
  describe(`Store contract, browsing: ${name}`, () => {
    let dir: string;
    let store: Store;
    const events = Array.from({ length: 40 }, (_, i) => ev(i));

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-browse-'));
      store = await factory(path.join(dir, 'main'));
      await store.putEvents(events);
      await store.beginSource('k');
      await store.writeBatch({
        sourceKey: 'k',
        positions: [pos(273000001, T0), pos(273000001, T0 + H), pos(636000002, T0 + 2 * H), pos(538000009, T0 + 3 * H)],
        statics: [
          stat(273000001, T0, { name: 'SEA STAR', callsign: 'UBC1', imo: 9123456, flag: 'RU' }),
          stat(273000001, T0 + 10 * H, { name: 'OCEAN GLORY', callsign: 'UBC2', imo: 9123456, flag: 'RU' }),
          stat(636000002, T0 + 20 * H, { name: 'OCEAN GLORY', callsign: 'D5AB1', imo: 9123456, flag: 'LR' }),
          stat(999000003, T0, { name: '100%_PURE\\', callsign: 'X1' }),
        ],
        progress: {},
      });
      await store.endSource('k');
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('pages events in (start, id) order without loss or repeat, whatever the page size', async () => {
      const all = await store.events();
      expect(all.length).toBe(40);
      for (const size of [1, 3, 7, 40, 100]) {
        const got: Event[] = [];
        let after: EventKey | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.eventPage({ limit: size, ...(after ? { after } : {}) });
          expect(page.events.length).toBeLessThanOrEqual(size);
          got.push(...page.events);
          if (!page.next) break;
          after = page.next;
        }
        expect(got).toEqual(all);
      }
    });

    it('filters a page by type, MMSI, flags, confidence, time and box, as events() does', async () => {
      const page = await store.eventPage({ limit: 100, type: ['gap'], flags: ['night'], minConfidence: 0.5 });
      const want = events.filter((e) => e.type === 'gap' && e.flags.includes('night') && e.confidence >= 0.5).map(norm);
      expect(page.events.map((e) => e.id).sort()).toEqual(want.map((e) => e.id).sort());
      expect(page.next).toBeNull();
      const both = await store.eventPage({ limit: 100, flags: ['night', 'outside_territorial_sea'], mmsi: 445000001 });
      expect(both.events.every((e) => e.flags.length === 2 && e.mmsi.includes(445000001))).toBe(true);
      expect(both.events.length).toBe(events.filter((e) => e.flags.length === 2 && e.mmsi.includes(445000001)).length);
      const f = { from: T0 + 5 * H, to: T0 + 6 * H, bbox: [124.1, 38.1, 124.2, 38.2] as const };
      expect((await store.eventPage({ limit: 100, ...f })).events).toEqual(await store.events(f));
      expect((await store.eventPage({ limit: 100, flags: ["' OR 1=1 --"] })).events).toEqual([]);
      expect((await store.eventPage({ limit: 100, type: [] })).events).toEqual([]);
    });

    it('finds one event by id, and null for an id it does not hold', async () => {
      expect(await store.event(events[7]!.id)).toEqual(norm(events[7]!));
      expect(await store.event("x' OR '1'='1")).toBeNull();
      expect(await store.event('')).toBeNull();
    });

    it('searches vessels by MMSI, IMO, name, former name and call sign', async () => {
      const byName = await store.searchVessels('ocean', 10);
      expect(byName.map((v) => v.mmsi)).toEqual([273000001, 636000002]);
      expect(byName[0]).toMatchObject({ name: 'OCEAN GLORY', callsign: 'UBC2', imo: 9123456, flag: 'RU', formerNames: ['SEA STAR'], positions: 2, firstSeen: T0, lastSeen: T0 + H });
      expect(byName[0]!.matched).toEqual([{ field: 'name', value: 'OCEAN GLORY' }]);
      const former = await store.searchVessels('sea star', 10);
      expect(former.map((v) => [v.mmsi, v.matched])).toEqual([[273000001, [{ field: 'former_name', value: 'SEA STAR' }]]]);
      expect((await store.searchVessels('ubc1', 10)).map((v) => [v.mmsi, v.matched])).toEqual([[273000001, [{ field: 'former_callsign', value: 'UBC1' }]]]);
      expect((await store.searchVessels('d5ab1', 10)).map((v) => v.mmsi)).toEqual([636000002]);
      expect((await store.searchVessels('9123456', 10)).map((v) => v.mmsi)).toEqual([273000001, 636000002]);
      expect((await store.searchVessels('IMO 9123456', 10)).map((v) => v.mmsi)).toEqual([273000001, 636000002]);
      // an MMSI heard only in positions is found by its number, with no identity
      expect(await store.searchVessels('538000009', 10)).toEqual([
        { mmsi: 538000009, name: null, callsign: null, imo: null, flag: null, shipType: null, formerNames: [], matched: [{ field: 'mmsi', value: '538000009' }], positions: 1, firstSeen: T0 + 3 * H, lastSeen: T0 + 3 * H },
      ]);
      expect((await store.searchVessels('273', 10)).map((v) => v.mmsi)).toEqual([273000001]);
      // exact matches come first, then the limit applies
      expect((await store.searchVessels('ocean glory', 1)).map((v) => v.mmsi)).toEqual([273000001]);
    });

    it('takes search text literally: LIKE wildcards and quotes match only themselves', async () => {
      expect((await store.searchVessels('%', 10)).map((v) => v.mmsi)).toEqual([999000003]);
      expect((await store.searchVessels('_', 10)).map((v) => v.mmsi)).toEqual([999000003]);
      expect((await store.searchVessels('\\', 10)).map((v) => v.mmsi)).toEqual([999000003]);
      expect(await store.searchVessels("' OR 1=1 --", 10)).toEqual([]);
      expect(await store.searchVessels('   ', 10)).toEqual([]);
      expect((await store.stats()).vessels).toBe(4);
    });

    it('reads one vessel\'s track in a time range as parallel arrays, in time order', async () => {
      const all = await store.track(273000001, T0, T0 + 10 * H);
      expect([...all.t]).toEqual([T0, T0 + H]);
      expect([...all.lat]).toEqual([38, 38]);
      expect([...all.lon]).toEqual([124, 124]);
      expect([...(await store.track(273000001, T0 + 1, T0 + H)).t]).toEqual([T0 + H]);
      expect((await store.track(273000001, T0 + 2 * H, T0 + 3 * H)).t.length).toBe(0);
      expect((await store.track(123456789, T0, T0 + 10 * H)).t.length).toBe(0);
    });

    it('says what it holds of an MMSI, and null for one it never saw', async () => {
      expect(await store.vesselSeen(273000001)).toEqual({ mmsi: 273000001, positions: 2, statics: 2, events: 0, screeningHits: 0, firstSeen: T0, lastSeen: T0 + H });
      expect(await store.vesselSeen(445000001)).toEqual({ mmsi: 445000001, positions: 0, statics: 0, events: 20, screeningHits: 0, firstSeen: null, lastSeen: null });
      expect(await store.vesselSeen(999000003)).toMatchObject({ positions: 0, statics: 1 });
      expect(await store.vesselSeen(123456789)).toBeNull();
    });
  });
}
