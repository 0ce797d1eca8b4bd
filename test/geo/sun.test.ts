import { describe, expect, it } from 'vitest';
import { isNight, NIGHT_THRESHOLD_DEG, solarAltitudeDeg, solarPosition, sunCrossings } from '../../src/geo/sun.js';

const MIN = 60_000;
/** local clock time (HH:MM[:SS]) on a date at a UTC offset, as epoch ms */
const local = (date: string, hhmm: string, tzHours: number): number =>
  Date.parse(`${date}T${hhmm.length === 5 ? hhmm + ':00' : hhmm}Z`) - tzHours * 3_600_000;
const dayStart = (date: string, tzHours: number): number => local(date, '00:00', tzHours);

// Published sunrise/sunset (upper limb on a sea-level horizon, standard refraction: the
// -0.833 degree convention), by the Korea Astronomy and Space Science Institute (KASI), as
// reported in its yearly New Year releases (e.g. Donga Ilbo 2023-12-19, Dong-A Science 2014-12-23).
const KASI: { place: string; lat: number; lon: number; date: string; event: 'rise' | 'set'; at: string }[] = [
  { place: 'Seoul', lat: 37.5665, lon: 126.978, date: '2024-01-01', event: 'rise', at: '07:47' },
  { place: 'Seoul', lat: 37.5665, lon: 126.978, date: '2023-12-31', event: 'set', at: '17:23' },
  { place: 'Seoul', lat: 37.5665, lon: 126.978, date: '2015-01-01', event: 'rise', at: '07:46:43' },
  { place: 'Dokdo', lat: 37.2411, lon: 131.8647, date: '2024-01-01', event: 'rise', at: '07:26' },
  { place: 'Ganjeolgot, Ulsan', lat: 35.359, lon: 129.361, date: '2015-01-01', event: 'rise', at: '07:31:20' },
  { place: 'Homigot, Pohang', lat: 36.0767, lon: 129.5689, date: '2015-01-01', event: 'rise', at: '07:32:23' },
];

// Independent implementation: Paul Schlyter's sunriset.c as tabulated in the Astro::Sunrise
// test suite (t/04basic.t, altitude -0.833, centre of the disc); local times at the stated offsets.
const SCHLYTER: { place: string; lat: number; lon: number; tz: number; date: string; rise: string; set: string }[] = [
  { place: 'Greenwich', lat: 51 + 28 / 60, lon: 0, tz: 0, date: '2013-01-01', rise: '08:05', set: '16:02' },
  { place: 'Greenwich', lat: 51 + 28 / 60, lon: 0, tz: 0, date: '2013-03-21', rise: '06:00', set: '18:15' },
  { place: 'Greenwich', lat: 51 + 28 / 60, lon: 0, tz: 0, date: '2013-06-21', rise: '03:43', set: '20:21' },
  { place: 'Reykjavik', lat: 64 + 4 / 60, lon: -(21 + 58 / 60), tz: -1, date: '2013-01-01', rise: '10:18', set: '14:45' },
  { place: 'Reykjavik', lat: 64 + 4 / 60, lon: -(21 + 58 / 60), tz: -1, date: '2013-03-21', rise: '06:24', set: '18:46' },
  { place: 'Quito', lat: -0.25, lon: -(78 + 35 / 60), tz: -5, date: '2013-01-01', rise: '06:14', set: '18:22' },
  { place: 'El Hierro', lat: 27 + 44 / 60, lon: -(18 + 3 / 60), tz: -1, date: '2013-03-21', rise: '06:15', set: '18:24' },
];

describe('sun', () => {
  it('sunrise and sunset match KASI published times within 2 minutes (Korea)', () => {
    for (const k of KASI) {
      const r = sunCrossings(dayStart(k.date, 9), k.lat, k.lon);
      const got = k.event === 'rise' ? r.rise : r.set;
      expect(got, `${k.place} ${k.date} ${k.event}`).not.toBeNull();
      // published to the minute (truncated or rounded): allow 2 minutes
      expect(Math.abs(got! - local(k.date, k.at, 9)), `${k.place} ${k.date} ${k.event}`).toBeLessThanOrEqual(2 * MIN);
    }
  });

  it('sunrise and sunset match an independent algorithm within 2 minutes (Greenwich, Reykjavik, Quito, El Hierro)', () => {
    for (const s of SCHLYTER) {
      const r = sunCrossings(dayStart(s.date, s.tz), s.lat, s.lon);
      expect(Math.abs(r.rise! - local(s.date, s.rise, s.tz)), `${s.place} ${s.date} rise`).toBeLessThanOrEqual(2 * MIN);
      expect(Math.abs(r.set! - local(s.date, s.set, s.tz)), `${s.place} ${s.date} set`).toBeLessThanOrEqual(2 * MIN);
    }
  });

  it('declination follows the seasons; noon altitude at Pyongyang on the June solstice is 90 - lat + 23.44', () => {
    // 2024 June solstice 20:51 UTC, December solstice 2024-12-21 09:20 UTC, March equinox 2024-03-20 03:06 UTC
    expect(solarPosition(Date.parse('2024-06-20T20:51:00Z')).declinationDeg).toBeCloseTo(23.44, 1);
    expect(solarPosition(Date.parse('2024-12-21T09:20:00Z')).declinationDeg).toBeCloseTo(-23.44, 1);
    expect(Math.abs(solarPosition(Date.parse('2024-03-20T03:06:00Z')).declinationDeg)).toBeLessThan(0.02);
    // highest altitude over the day at Pyongyang (39.0194N 125.7381E) on 2024-06-21
    let max = -90;
    for (let t = Date.parse('2024-06-21T00:00:00Z'); t < Date.parse('2024-06-21T08:00:00Z'); t += MIN) {
      max = Math.max(max, solarAltitudeDeg(t, 39.0194, 125.7381));
    }
    expect(max).toBeCloseTo(90 - 39.0194 + 23.44, 1);
  });

  it('isNight at Pyongyang: noon is day, midnight is night, civil twilight extends the day', () => {
    expect(isNight(local('2024-01-15', '12:00', 9), 39.0194, 125.7381)).toBe(false);
    expect(isNight(local('2024-01-15', '00:00', 9), 39.0194, 125.7381)).toBe(true);
    // 10 minutes after sunset the sun is below the horizon but civil twilight has not ended
    const set = sunCrossings(dayStart('2024-01-15', 9), 39.0194, 125.7381).set!;
    expect(isNight(set + 10 * MIN, 39.0194, 125.7381)).toBe(true);
    expect(isNight(set + 10 * MIN, 39.0194, 125.7381, { twilight: 'civil' })).toBe(false);
    // civil dusk is about half an hour after sunset at this latitude in winter
    const dusk = sunCrossings(dayStart('2024-01-15', 9), 39.0194, 125.7381, NIGHT_THRESHOLD_DEG.civil).set!;
    expect((dusk - set) / MIN).toBeGreaterThan(25);
    expect((dusk - set) / MIN).toBeLessThan(35);
    expect(isNight(dusk + MIN, 39.0194, 125.7381, { twilight: 'civil' })).toBe(true);
    expect(isNight(dusk + MIN, 39.0194, 125.7381, { twilight: 'astronomical' })).toBe(false);
  });

  it('polar day and polar night have no crossings', () => {
    const summer = sunCrossings(Date.parse('2024-06-21T00:00:00Z'), 78.22, 15.65); // Longyearbyen
    expect(summer).toEqual({ rise: null, set: null });
    expect(isNight(Date.parse('2024-06-21T00:00:00Z'), 78.22, 15.65)).toBe(false);
    expect(isNight(Date.parse('2024-12-21T12:00:00Z'), 78.22, 15.65)).toBe(true);
  });
});
