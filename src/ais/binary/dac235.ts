/**
 * DAC 235 (UK) and 250 (Republic of Ireland): General Lighthouse Authorities' AtoN
 * monitoring data (type 6, FID 10), as gpsd decodes it (136-bit messages only).
 */
import { b, coded, exactly, putFixed, raw, u, type MessageDef, type Out } from './table.js';
import { LIGHT_STATUS, RACON_STATUS } from './legends.js';

/** Analogue readings: 0.05 V units, printed scaled only when non-zero (gpsd prints a raw 0). */
const volts =
  (key: string): Out =>
  (r, scaled, o) => {
    const v = r[key] as number;
    if (scaled && v !== 0) putFixed(o, key, v * 0.05, 2);
    else o[key] = v;
  };

const ATON_MONITORING: MessageDef = {
  title: 'GLA AtoN monitoring data',
  fields: [
    u('ana_int', 88, 10),
    u('ana_ext1', 98, 10),
    u('ana_ext2', 108, 10),
    u('racon', 118, 2),
    u('light', 120, 2),
    b('alarm', 122),
    u('stat_ext', 123, 8),
    b('off_pos', 131),
  ],
  out: [raw('off_pos'), raw('alarm'), raw('stat_ext'), volts('ana_int'), volts('ana_ext1'), volts('ana_ext2'), coded('racon', RACON_STATUS), coded('light', LIGHT_STATUS)],
  accept: exactly(136),
};

export const GLA_ADDRESSED: ReadonlyMap<number, MessageDef> = new Map([[10, ATON_MONITORING]]);
