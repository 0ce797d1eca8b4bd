/**
 * The scenarios scored the way the simulator contract scores `darkfleet
 * simulate` runs: every planted event found, nothing else, no planted
 * negative reported.
 */
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/events.js';
import { allScenarios } from './scenarios.js';
import { H, T0, detect } from './sim.js';
import { reportedNegatives, score, type Negative, type TruthEvent } from './score.js';

const at = (h: number) => isoTime(T0 + h * H);
const truth: TruthEvent[] = [
  { type: 'encounter', mmsi: [412000001, 445000002], start: at(13), end: at(16) },
  { type: 'encounter', mmsi: [412000003, 445000004], start: at(22.5), end: at(25.5) },
  { type: 'encounter', mmsi: [412000005, 445000006], start: at(30), end: at(33) },
  { type: 'loitering', mmsi: [412000021], start: at(20), end: at(25) },
  // encounter partners loiter too (GFW's rule, as the simulator's truth has it)
  { type: 'loitering', mmsi: [412000001], start: at(13), end: at(16) },
  { type: 'loitering', mmsi: [445000002], start: at(13), end: at(16) },
  { type: 'loitering', mmsi: [412000003], start: at(22.5), end: at(25.5) },
  { type: 'loitering', mmsi: [445000004], start: at(22.5), end: at(25.5) },
  { type: 'loitering', mmsi: [412000005], start: at(30), end: at(33) },
  { type: 'loitering', mmsi: [445000006], start: at(30), end: at(33) },
  { type: 'gap', mmsi: [412000031], start: at(6), end: at(22) },
  { type: 'identity_change', mmsi: [445000041, 613000042], start: at(10), end: at(20), imo: 9074729 },
  { type: 'identity_change', mmsi: [613000042, 667000043], start: at(30), end: at(40), imo: 9074729 },
  { type: 'identity_change', mmsi: [445000044], start: at(4.9), end: at(5.2) },
  { type: 'spoofing', mmsi: [412000051], start: at(0), end: at(2) },
  { type: 'spoofing', mmsi: [412000052], start: at(1), end: at(2) },
  { type: 'spoofing', mmsi: [123456789], start: at(0), end: at(1) },
  { type: 'spoofing', mmsi: [445000053], start: at(0), end: at(0.1) },
  { type: 'spoofing', mmsi: [412000055], start: at(4), end: at(7) },
  { type: 'port_visit', mmsi: [412000061], start: at(21.5), end: at(27) },
  { type: 'zone_entry', mmsi: [412000061], start: at(21), end: at(28) },
  { type: 'zone_exit', mmsi: [412000061], start: at(21), end: at(28) },
  { type: 'zone_entry', mmsi: [412000062], start: at(2.5), end: at(3.5) },
  { type: 'zone_exit', mmsi: [412000062], start: at(2.5), end: at(3.5) },
];
const negatives: Negative[] = [
  { kind: 'pair_trawl', mmsi: [412000007, 412000008], start: at(2), end: at(7), mustNotFire: ['encounter'] },
  { kind: 'passing', mmsi: [412000009, 412000010], start: at(5), end: at(7), mustNotFire: ['encounter'] },
  { kind: 'anchored_pair', mmsi: [412000011, 412000012], start: at(0), end: at(12), mustNotFire: ['encounter'] },
  { kind: 'short_stop', mmsi: [412000022], start: at(2), end: at(7), mustNotFire: ['loitering'] },
  { kind: 'short_gap', mmsi: [412000032], start: at(6), end: at(14), mustNotFire: ['gap'] },
  { kind: 'passing', mmsi: [412000062], start: at(2), end: at(4), mustNotFire: ['port_visit'] },
  { kind: 'normal', mmsi: [412000056], start: at(0), end: at(3), mustNotFire: ['spoofing'] },
];

describe('scenarios scored as the simulator contract', () => {
  const events = detect(allScenarios());
  const s = score(events, truth);
  it.each(Object.entries(s))('%s: precision and recall 1', (_type, v) => {
    expect(v).toMatchObject({ precision: 1, recall: 1 });
  });
  it('no planted negative reported', () => {
    expect(reportedNegatives(events, negatives)).toEqual([]);
  });
});
