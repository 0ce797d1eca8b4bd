import { describe, expect, it } from 'vitest';
import { loadLand } from '../../src/sim/land.js';
import { LANES } from '../../src/sim/behaviours/transits.js';
import { SCENARIO_ZONES, inZone } from '../../src/sim/zones.js';
import { imoCheckDigit, isValidImo } from '../../src/sim/identity.js';
import { sunAltitudeDeg } from '../../src/sim/sun.js';
import { distanceM, destination } from '../../src/sim/geodesy.js';

describe('simulator geography', () => {
  const land = loadLand();

  it('knows land from sea around the bay (Natural Earth 1:10m)', () => {
    expect(land.isLand(39.03, 125.75)).toBe(true); // Pyongyang
    expect(land.isLand(38.9, 121.6)).toBe(true); // Dalian
    expect(land.isLand(38.3, 123.6)).toBe(false); // open bay
    expect(land.isLand(37.97, 124.68)).toBe(true); // Baengnyeong island
    const d = land.distanceToShoreM(38.1, 123.45) / 1852;
    expect(d).toBeGreaterThan(50);
    expect(d).toBeLessThan(60);
    expect(land.distanceToShoreM(39.03, 125.75)).toBe(0);
  });

  it('keeps the traffic lanes at sea', () => {
    for (const lane of LANES) for (let k = 1; k < lane.length; k++) expect(land.legAtSea(lane[k - 1]!, lane[k]!, 1000)).toBe(true);
  });

  it('draws the Nampo zones on open water', () => {
    for (const z of SCENARIO_ZONES) {
      const lons = z.ring.map((p) => p[0]);
      const lats = z.ring.map((p) => p[1]);
      const c = { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lon: (Math.min(...lons) + Math.max(...lons)) / 2 };
      expect(inZone(z, c), z.name).toBe(true);
      expect(land.isLand(c.lat, c.lon), z.name).toBe(false);
    }
  });

  it('checks IMO numbers', () => {
    expect(imoCheckDigit(907472)).toBe(9); // IMO 9074729, the worked example of the check-digit rule
    expect(isValidImo(9074729)).toBe(true);
    expect(isValidImo(9074728)).toBe(false);
  });

  it('puts the sun down at night off Nampo', () => {
    expect(sunAltitudeDeg(Date.UTC(2026, 2, 1, 4), 38.7, 125.4)).toBeGreaterThan(30); // local noon-ish
    expect(sunAltitudeDeg(Date.UTC(2026, 2, 1, 16), 38.7, 125.4)).toBeLessThan(-30); // local midnight-ish
  });

  it('measures distances', () => {
    const p = { lat: 38.5, lon: 124 };
    expect(distanceM(p, destination(p, 77, 12345))).toBeCloseTo(12345, 3);
  });
});
