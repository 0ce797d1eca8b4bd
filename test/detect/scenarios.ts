/**
 * Named scenarios with known ground truth, shared by the golden fixtures and
 * the chunking property test. Each returns a time-ordered record stream.
 */
import type { Position } from '../../src/records.js';
import type { DetectRecord } from '../../src/detect/runner.js';
import { ANCHORAGE, H, MIN, OFFSHORE, T0, merge, move, path, staticRec, type Waypoint } from './sim.js';

const [LAT, LON] = OFFSHORE;

function meet(a: number, b: number, lat: number, lon: number, from: number, hours: number, silentB?: [number, number][]): DetectRecord[] {
  const [aLat, aLon] = move(lat, lon, 270, 15);
  const [bLat, bLon] = move(lat, lon, 90, 15);
  const [b2Lat, b2Lon] = move(lat, lon, 90, 0.05);
  const end = from + hours * H;
  const wa: Waypoint[] = [
    [from - 1.5 * H, aLat, aLon],
    [from, lat, lon],
    [end, lat, lon],
    [end + 1.5 * H, aLat, aLon],
  ];
  const wb: Waypoint[] = [
    [from - 1.5 * H, bLat, bLon],
    [from, b2Lat, b2Lon],
    [end, b2Lat, b2Lon],
    [end + 1.5 * H, bLat, bLon],
  ];
  return merge(path(a, wa, { everyS: 60, jitterM: 10 }), path(b, wb, { everyS: 90, jitterM: 10, silent: silentB }));
}

/** Night meeting of two tankers, one across UTC midnight, one with a dark partner; negatives: pair trawl, passing, anchored pair. */
export function encounterScenario(): DetectRecord[] {
  const [pLat, pLon] = move(LAT, LON, 135, 0.162);
  const [tEnd, tEndLon] = move(LAT + 0.3, LON, 45, 15);
  const [tEnd2, tEndLon2] = move(tEnd, tEndLon, 135, 0.162);
  const [pt1, pt2] = [move(LAT - 0.3, LON, 0, 12), move(LAT - 0.3, LON, 180, 12)];
  const [ps1, ps2] = [move(LAT - 0.3, LON + 0.004, 0, 12), move(LAT - 0.3, LON + 0.004, 180, 12)];
  const aLat = ANCHORAGE.lat - 0.01;
  return merge(
    [staticRec(412000001, T0, { shipType: 80, name: 'ALPHA' }), staticRec(445000002, T0, { shipType: 81, name: 'BRAVO' })],
    meet(412000001, 445000002, LAT, LON, T0 + 13 * H, 3),
    meet(412000003, 445000004, LAT, LON + 0.5, T0 + 22.5 * H, 3),
    meet(412000005, 445000006, LAT - 0.5, LON, T0 + 30 * H, 3, [[T0 + 30.25 * H, T0 + 32.75 * H]]),
    path(412000007, [[T0 + 2 * H, LAT + 0.3, LON], [T0 + 7 * H, tEnd, tEndLon]], { everyS: 60 }),
    path(412000008, [[T0 + 2 * H, LAT + 0.3 + (pLat - LAT), pLon], [T0 + 7 * H, tEnd2, tEndLon2]], { everyS: 60 }),
    path(412000009, [[T0 + 5 * H, pt2[0], pt2[1]], [T0 + 7 * H, pt1[0], pt1[1]]], { everyS: 10 }),
    path(412000010, [[T0 + 5 * H, ps1[0], ps1[1]], [T0 + 7 * H, ps2[0], ps2[1]]], { everyS: 10 }),
    path(412000011, [[T0, aLat, ANCHORAGE.lon], [T0 + 12 * H, aLat, ANCHORAGE.lon]], { everyS: 180, jitterM: 5 }),
    path(412000012, [[T0, aLat, ANCHORAGE.lon + 0.002], [T0 + 12 * H, aLat, ANCHORAGE.lon + 0.002]], { everyS: 180, jitterM: 5 }),
  );
}

function stopAt(mmsi: number, lat: number, lon: number, from: number, hours: number): Position[] {
  const [iLat, iLon] = move(lat, lon, 200, 15);
  const [oLat, oLon] = move(lat, lon, 160, 15);
  return path(mmsi, [
    [from - 1.5 * H, iLat, iLon],
    [from, lat, lon],
    [from + hours * H, lat, lon],
    [from + (hours + 1.5) * H, oLat, oLon],
  ], { everyS: 120, jitterM: 20 });
}

/** A 5 h loiter offshore; negatives: a 1 h stop, a 5 h stop near shore. */
export function loiteringScenario(): DetectRecord[] {
  return merge(
    stopAt(412000021, LAT, LON, T0 + 20 * H, 5), // across midnight
    stopAt(412000022, LAT - 0.2, LON, T0 + 4 * H, 1),
    stopAt(412000023, 39.3, LON, T0 + 4 * H, 5),
  );
}

/** A 16 h gap with good reception, an 8 h gap, an open gap; neighbours heard all along. */
export function gapScenario(): DetectRecord[] {
  const end = T0 + 40 * H;
  const drift = (mmsi: number, silent: [number, number][]) => {
    const [sLat, sLon] = move(LAT - 1, LON - 1, 0, (mmsi % 10) * 3);
    const [eLat, eLon] = move(sLat, sLon, 90, 320);
    return path(mmsi, [[T0, sLat, sLon], [end, eLat, eLon]], { everyS: 120, silent });
  };
  const out: DetectRecord[][] = [
    drift(412000031, [[T0 + 6 * H, T0 + 22 * H]]),
    drift(412000032, [[T0 + 6 * H, T0 + 14 * H]]),
    drift(412000033, [[T0 + 25 * H, end + H]]),
  ];
  // patrol boats going to and fro along the transit lane: others are heard all along it
  for (let i = 0; i < 8; i++) {
    const [a, b] = move(LAT - 0.95, LON - 1, 90, 40 * i);
    const [c, d] = move(a, b, 90, 20);
    const wps: [number, number, number][] = [];
    for (let h = 0; h <= 40; h += 2) wps.push(h % 4 === 0 ? [T0 + h * H, a, b] : [T0 + h * H, c, d]);
    out.push(path(413000100 + i, wps, { everyS: 600, jitterM: 30 }));
  }
  return merge(...out);
}

/** One IMO across three MMSIs and flags (flag hopping), and a name change on one MMSI. */
export function identityScenario(): DetectRecord[] {
  const IMO = 9074729;
  const rep = (mmsi: number, from: number, to: number, over: Parameters<typeof staticRec>[2]) => {
    const out = [];
    for (let t = from; t < to; t += 6 * MIN) out.push(staticRec(mmsi, t, over));
    return out;
  };
  const [iLat, iLon] = [LAT - 1.2, LON + 1];
  const [jLat, jLon] = move(iLat, iLon, 90, 100);
  return merge(
    path(445000041, [[T0, iLat, iLon], [T0 + 10 * H, jLat, jLon]], { everyS: 600 }),
    rep(445000041, T0, T0 + 10 * H, { imo: IMO, name: 'CHON MA SAN', callsign: 'HMYA' }),
    path(613000042, [[T0 + 20 * H, jLat, jLon], [T0 + 30 * H, iLat, iLon]], { everyS: 600 }),
    rep(613000042, T0 + 20 * H, T0 + 30 * H, { imo: IMO, name: 'SAN MA', callsign: 'TJMC2' }),
    path(667000043, [[T0 + 40 * H, iLat, iLon], [T0 + 50 * H, jLat, jLon]], { everyS: 600 }),
    rep(667000043, T0 + 40 * H, T0 + 50 * H, { imo: IMO, name: 'MA SAN', callsign: '9LU2' }),
    rep(445000044, T0, T0 + 5 * H, { name: 'KUM SAN' }),
    rep(445000044, T0 + 5 * H, T0 + 9 * H, { name: 'PAEK MA' }),
  );
}

/** Two places, on land, invalid MMSI and IMO, a circle; a normal track. */
export function spoofingScenario(): DetectRecord[] {
  const [fLat, fLon] = move(LAT, LON, 180, 54);
  const [a2, b2] = move(LAT, LON, 90, 20);
  const [c2, d2] = move(fLat, fLon, 270, 20);
  const circle: Position[] = [];
  for (let t = 0; t <= 3 * H; t += 20_000) {
    const ang = (((t / H) * 8) / (2 * Math.PI)) * 360;
    const [lat, lon] = move(LAT - 0.3, LON + 0.3, ang, 1);
    const cog = (ang + 90) % 360;
    circle.push({ mmsi: 412000055, t: T0 + 4 * H + t, lat, lon, sog: 8, cog, heading: Math.round(cog), navStatus: 0, source: 'sim', msgType: 1 });
  }
  const [n1, n2] = move(LAT + 0.2, LON, 45, 30);
  return merge(
    path(412000051, [[T0, LAT, LON], [T0 + 2 * H, a2, b2]], { everyS: 60 }),
    path(412000051, [[T0 + 30_000, fLat, fLon], [T0 + 2 * H + 30_000, c2, d2]], { everyS: 60 }),
    // at sea, silent for 65 min, then a fixed point 170 km inland: reached by an impossible jump
    path(412000052, [[T0 - H, 39.2, 126], [T0 - 5 * MIN, 39.25, 126]], { everyS: 60 }),
    path(412000052, [[T0 + H, 41, 126], [T0 + 2 * H, 41, 126]], { everyS: 60 }),
    path(123456789, [[T0, LAT, LON + 1], [T0 + H, LAT, LON + 1]], { everyS: 600 }),
    [staticRec(445000053, T0, { imo: 1234568, shipType: 70, length: 120 }), staticRec(445000053, T0 + 6 * MIN, { imo: 1234568, shipType: 70, length: 120 })],
    circle,
    path(412000056, [[T0, LAT + 0.2, LON], [T0 + 3 * H, n1, n2]], { everyS: 10 }),
  );
}

/** A port visit with a stop (zone entry and exit too); a vessel passing by without stopping. */
export function portScenario(): DetectRecord[] {
  const { lat, lon } = ANCHORAGE;
  const [sLat, sLon] = move(lat, lon, 200, 15);
  const [wLat, wLon] = move(lat - 0.02, lon, 270, 10);
  const [eLat, eLon] = move(lat - 0.02, lon, 90, 10);
  return merge(
    path(412000061, [
      [T0 + 20 * H, sLat, sLon],
      [T0 + 21.5 * H, lat - 0.01, lon],
      [T0 + 27 * H, lat - 0.01, lon],
      [T0 + 28.5 * H, sLat, sLon],
    ], { everyS: 60 }),
    path(412000062, [[T0 + 2 * H, wLat, wLon], [T0 + 4 * H, eLat, eLon]], { everyS: 60 }),
  );
}

export const SCENARIOS: Record<string, () => DetectRecord[]> = {
  encounter: encounterScenario,
  loitering: loiteringScenario,
  gap: gapScenario,
  identity_change: identityScenario,
  spoofing: spoofingScenario,
  port_visit: portScenario,
};

/** Everything at once (for the chunking property test). */
export function allScenarios(): DetectRecord[] {
  return merge(...Object.values(SCENARIOS).map((f) => f()));
}
