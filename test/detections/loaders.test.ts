/** Each detection layout read from its published column names; a wrong layout is one clear error; bad rows are counted. */
import { describe, expect, it } from 'vitest';
import { loadDetectionsText } from '../../src/detections/load.js';
import { sentinel1Time } from '../../src/detections/xview3.js';
import { DarkfleetError } from '../../src/errors.js';

describe('detection loaders', () => {
  it('generic: time, lat, lon plus length, confidence (a percentage too), source; other columns carried through', async () => {
    const r = await loadDetectionsText(
      'review.csv',
      'time,lat,lon,length_m,confidence,source,analyst\n2024-03-01T14:05:00Z,38.5,124.1,120,0.9,optical,jk\n2024-03-01 14:06:30,38.51,124.12,,85,,jk\n2024-03-01T14:07:00Z,95,124.1,,,,x\n',
    );
    expect(r.layout).toBe('generic');
    expect(r.read).toBe(3);
    expect(r.detections).toHaveLength(2);
    expect(r.rejects).toEqual({ bad_position: 1 });
    const [a, b] = r.detections;
    expect(a).toMatchObject({ t: Date.UTC(2024, 2, 1, 14, 5), lat: 38.5, lon: 124.1, lengthM: 120, confidence: 0.9, source: 'optical', line: 2 });
    expect(a!.row).toEqual({ time: '2024-03-01T14:05:00Z', lat: '38.5', lon: '124.1', length_m: '120', confidence: '0.9', source: 'optical', analyst: 'jk' });
    expect(b).toMatchObject({ lengthM: null, confidence: 0.85, source: 'detection' });
    // no scene column: passes by source and time
    expect(a!.scene).toBe('optical:pass2');
    expect(b!.scene).toBe('detection:pass1');
  });

  it('GFW SAR (Data Download Portal layout): presence_score is the confidence, GFW\'s own match carried through', async () => {
    const r = await loadDetectionsText(
      'sar.csv',
      'scene_id,timestamp,lat,lon,presence_score,length_m,mmsi,matching_score,fishing_score,matched_category\n' +
        'S1A_IW_GRDH_1SDV_20240301T213045_20240301T213110_052800_066400_ABCD,2024-03-01 21:30:52 UTC,38.2011,123.7506,0.97,152.3,,,,unmatched\n' +
        'S1A_IW_GRDH_1SDV_20240301T213045_20240301T213110_052800_066400_ABCD,not a time,38.2,123.7,0.5,40,,,,unmatched\n' +
        'S1A_IW_GRDH_1SDV_20240301T213045_20240301T213110_052800_066400_ABCD,2024-03-01 21:30:52 UTC,38.3,123.8,high,40,,,,unmatched\n',
    );
    expect(r.layout).toBe('gfw_sar');
    expect(r.rejects).toEqual({ bad_time: 1, bad_number: 1 });
    expect(r.detections[0]).toMatchObject({ t: Date.UTC(2024, 2, 1, 21, 30, 52), lat: 38.2011, lon: 123.7506, lengthM: 152.3, confidence: 0.97, source: 'sar' });
    expect(r.detections[0]!.scene).toMatch(/^S1A_IW_GRDH/);
    expect(r.detections[0]!.row.matched_category).toBe('unmatched');
  });

  it('GFW SAR (BigQuery layout): detect_timestamp, detect_lat, detect_lon', async () => {
    const r = await loadDetectionsText('sar-bq.csv', 'detect_id,scene_id,detect_timestamp,detect_lat,detect_lon,presence,length_m,ssvid\nx;1;2,s1,2024-03-01T21:30:52Z,38.2,123.7,0.8,60,412000001\n');
    expect(r.layout).toBe('gfw_sar');
    expect(r.detections[0]).toMatchObject({ confidence: 0.8, lengthM: 60, scene: 's1' });
  });

  it('xView3: time from the Sentinel-1 product name in scene_id, HIGH/MEDIUM/LOW confidence, is_vessel false marks non_vessel', async () => {
    expect(sentinel1Time('S1B_IW_GRDH_1SDV_20200803T075720_20200803T075745_022756_02B2FF_E5D0')).toBe(Date.UTC(2020, 7, 3, 7, 57, 20));
    const r = await loadDetectionsText(
      'xview3.csv',
      'detect_lat,detect_lon,detect_scene_row,detect_scene_column,top,left,bottom,right,vessel_length_m,source,detect_id,scene_id,is_vessel,is_fishing,distance_from_shore_km,confidence\n' +
        '38.1,123.5,1200,3400,,,,,45.5,ais,d1,S1B_IW_GRDH_1SDV_20200803T075720_20200803T075745_022756_02B2FF_E5D0,True,False,40.2,HIGH\n' +
        '38.2,123.6,1300,3500,,,,,,manual,d2,S1B_IW_GRDH_1SDV_20200803T075720_20200803T075745_022756_02B2FF_E5D0,False,,41,LOW\n' +
        '38.2,123.6,1300,3500,,,,,,manual,d3,05bc615a9b0e1159t,True,,41,MEDIUM\n',
    );
    expect(r.layout).toBe('xview3');
    expect(r.rejects).toEqual({ no_time: 1 });
    expect(r.detections[0]).toMatchObject({ t: Date.UTC(2020, 7, 3, 7, 57, 20), lengthM: 45.5, confidence: 0.9, flags: [] });
    expect(r.detections[1]).toMatchObject({ confidence: 0.4, flags: ['non_vessel'] });
  });

  it('VIIRS boat detections: radiance as the confidence signal, EOG quality flags', async () => {
    const r = await loadDetectionsText(
      'vbd.csv',
      'id_Key,Date_Mscan,Lat_DNB,Lon_DNB,Rad_DNB,QF_Detect,Date_LTZ\n' +
        'k1,2024/03/01 17:42:11.250,38.41,123.97,45,1,x\n' +
        'k2,2024-03-01 17:42:12,38.42,123.98,2.5,2,x\n' +
        'k3,2024-03-01 17:42:13,38.43,123.99,300,4,x\n' +
        'k4,2024-03-01 17:42:13,38.43,abc,300,1,x\n',
    );
    expect(r.layout).toBe('viirs');
    expect(r.rejects).toEqual({ bad_position: 1 });
    expect(r.detections[0]).toMatchObject({ t: Date.UTC(2024, 2, 1, 17, 42, 11, 250), confidence: 0.9, lengthM: null, source: 'viirs' });
    expect(r.detections[1]!.confidence).toBeCloseTo((2.5 / 7.5) * 0.7, 6);
    expect(r.detections[2]!.flags).toEqual(['non_vessel']);
  });

  it('a header that fits no layout: one error listing every layout\'s columns', async () => {
    const err = await loadDetectionsText('ais.csv', 'MMSI,BaseDateTime,LAT,LON\n412000001,2024-03-01T00:00:00,38,124\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DarkfleetError);
    expect((err as DarkfleetError).code).toBe('detections_layout');
    const msg = (err as Error).message;
    for (const l of ['gfw_sar', 'xview3', 'viirs', 'generic']) expect(msg).toContain(`${l}:`);
    expect(msg).toContain('time|timestamp');
    expect(msg).toContain('lat_dnb');
  });

  it('bad rows are counted by reason, never fatal: column count, quotes, numbers', async () => {
    const r = await loadDetectionsText('bad.csv', 'time;lat;lon;length_m\n2024-03-01T00:00:00Z;38;124;50\n2024-03-01T00:00:00Z;38;124\n"2024-03-01T00:00:00Z;38;124;1\n2024-03-01T00:00:00Z;38;124;long\n2024-03-01T00:00:00Z;38;124;60;;\n');
    expect(r.detections).toHaveLength(2);
    expect(r.rejects).toEqual({ column_count: 1, bad_quote: 1, bad_number: 1 });
  });
});
