import { describe, expect, it } from 'vitest';
import { sunAltitudeDeg } from '../../src/detect/sun.js';

describe('sun altitude (night flag)', () => {
  it('is near the zenith at noon on the equator at the equinox, and near the nadir at midnight', () => {
    expect(sunAltitudeDeg(Date.UTC(2024, 2, 20, 12, 7), 0, 0)).toBeGreaterThan(88);
    expect(sunAltitudeDeg(Date.UTC(2024, 2, 20, 0, 7), 0, 0)).toBeLessThan(-88);
  });

  it('puts sunrise over Pyongyang on 2024-03-01 at about 07:13 KST (22:13 UTC the day before)', () => {
    const lat = 39.02;
    const lon = 125.75;
    // refraction-corrected horizon: -0.833 deg
    let rise = 0;
    for (let t = Date.UTC(2024, 1, 29, 21, 30); t < Date.UTC(2024, 1, 29, 23, 0); t += 60_000) {
      if (sunAltitudeDeg(t, lat, lon) >= -0.833) {
        rise = t;
        break;
      }
    }
    expect(Math.abs(rise - Date.UTC(2024, 1, 29, 22, 13))).toBeLessThanOrEqual(5 * 60_000);
  });

  it('matches the solar noon altitude 90 - |lat - declination| (June solstice, 60 N)', () => {
    // declination ~ +23.44 at the solstice; solar noon at 0 E is ~12:02 UTC
    let best = -90;
    for (let m = 0; m < 60; m++) best = Math.max(best, sunAltitudeDeg(Date.UTC(2024, 5, 21, 11, 30 + m), 60, 0));
    expect(best).toBeCloseTo(90 - (60 - 23.44), 0);
  });
});
