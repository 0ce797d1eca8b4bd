import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMids, lookupMid, MID_TABLE, parseMidTable } from '../../src/ref/mid.js';
import { classifyMmsi, flagOfMmsi, mmsiDigits, shipFlagOfMmsi } from '../../src/ref/mmsi.js';
import { IMO_NOT_AVAILABLE, imoDigits, imoQuality, isValidImo, mustCarryImo, parseImo } from '../../src/ref/imo.js';
import { dmaShipTypeCode, shipCategory, shipTypeName } from '../../src/ref/shiptype.js';
import { navStatusFromText, navStatusName, NAV_STATUS_NAMES } from '../../src/ref/navstatus.js';
import { cleanName, cleanText } from '../../src/ref/names.js';
import { DarkfleetError, SourceError } from '../../src/errors.js';
import { repoRoot, sharedData } from '../sources/helpers.js';

describe('MID table', () => {
  it('holds every libais MID with an ISO code', () => {
    const mids = allMids();
    expect(mids).toHaveLength(MID_TABLE.rows);
    expect(mids.every((m) => /^[A-Z]{2}$/.test(m.iso2))).toBe(true);
    expect(mids[0]).toEqual({ mid: 201, country: 'Albania (Republic of)', iso2: 'AL' });
    expect(mids.at(-1)).toEqual({ mid: 775, country: 'Venezuela (Bolivarian Republic of)', iso2: 'VE' });
  });

  it('maps the flags that matter for sanctions work', () => {
    expect(lookupMid(445)).toEqual({ mid: 445, country: "Democratic People's Republic of Korea", iso2: 'KP' });
    for (const mid of [412, 413, 414]) expect(lookupMid(mid)?.iso2).toBe('CN');
    expect(lookupMid(477)?.iso2).toBe('HK');
    expect(lookupMid(416)?.iso2).toBe('TW');
    expect(lookupMid(422)?.iso2).toBe('IR');
    expect(lookupMid(273)?.iso2).toBe('RU');
    expect(lookupMid(572)?.iso2).toBe('TV');
    expect(lookupMid(620)?.iso2).toBe('KM');
    for (const mid of [351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 374]) expect(lookupMid(mid)?.iso2).toBe('PA');
    // added beside the libais snapshot from ITU's MID table (data/ref/PROVENANCE.md)
    expect(lookupMid(470)?.iso2).toBe('AE');
    expect(lookupMid(471)?.iso2).toBe('AE');
    expect(lookupMid(550)?.iso2).toBe('TL');
    // Panama-flag merchant ships and a UAE vessel of the real NOAA 2022 day are not unassigned_mid
    expect(classifyMmsi(374123000).problem).toBeNull();
    expect(classifyMmsi(471123000).flag).toBe('AE');
    for (const mid of [366, 367, 368, 369, 338]) expect(lookupMid(mid)?.iso2).toBe('US');
    expect(lookupMid(306)?.country).toBe('Anilles, Bonaire, Sint Eustatius and Saba - Netherlands (Kingdom of the)');
    expect(lookupMid(200)).toBeUndefined();
    expect(lookupMid(299)).toBeUndefined();
  });

  it('keeps the country names of the libais file it was taken from (the three ITU additions apart)', () => {
    const shared = sharedData('reference/mid_country.csv');
    if (!shared) return;
    const lines = readFileSync(shared, 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(289);
    for (const line of lines) {
      const m = /^(\d+),"(.*)"$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(lookupMid(Number(m![1]))?.country).toBe(m![2]);
    }
  });

  it('is bundled in data/ref with its provenance, and bad tables fail naming the line', () => {
    expect(existsSync(path.join(repoRoot, 'data/ref/mid_country.csv'))).toBe(true);
    expect(readFileSync(path.join(repoRoot, 'data/ref/PROVENANCE.md'), 'utf8')).toContain('87dadfaa1b4d');
    expect(() => parseMidTable('mid,country\n201,X\n', 't.csv')).toThrow(SourceError);
    expect(() => parseMidTable('mid,country,iso2\n201,Albania,AL\n20x,Bad,XX\n', 't.csv')).toThrow(/t\.csv: line 3/);
    expect(parseMidTable('mid,country,iso2\n306,"A, ""B""",BQ\n').get(306)?.country).toBe('A, "B"');
  });
});

describe('MMSI classes', () => {
  it('classifies real MMSIs from the shared data by ITU-R M.585 pattern', () => {
    // MarineCadastre sample, DMA base station, libais test vectors
    expect(classifyMmsi(367752440)).toMatchObject({ kind: 'ship', mid: 367, flag: 'US', problem: null });
    expect(classifyMmsi(636021061)).toMatchObject({ kind: 'ship', mid: 636, flag: 'LR' });
    expect(classifyMmsi(440058000)).toMatchObject({ kind: 'ship', flag: 'KR' });
    expect(classifyMmsi(249190000)).toMatchObject({ kind: 'ship', flag: 'MT', country: 'Malta' });
    expect(classifyMmsi(2190064)).toMatchObject({ kind: 'coast_station', mid: 219, flag: 'DK' });
    expect(classifyMmsi('002190064')).toMatchObject({ kind: 'coast_station', mmsi: 2190064 });
    expect(classifyMmsi(3669713)).toMatchObject({ kind: 'coast_station', mid: 366, flag: 'US' });
    expect(classifyMmsi(36926403)).toMatchObject({ kind: 'group', mid: 369, flag: 'US' });
    expect(classifyMmsi(974291422)).toMatchObject({ kind: 'epirb', mid: null, flag: null });
    expect(classifyMmsi(970012345)).toMatchObject({ kind: 'sart', flag: null });
    expect(classifyMmsi(972012345)).toMatchObject({ kind: 'mob' });
    expect(classifyMmsi(111219500)).toMatchObject({ kind: 'sar_aircraft', mid: 219, flag: 'DK' });
    expect(classifyMmsi(992191105)).toMatchObject({ kind: 'aton', mid: 219, flag: 'DK' });
    expect(classifyMmsi(993669701)).toMatchObject({ kind: 'aton', flag: 'US' });
    expect(classifyMmsi(982191234)).toMatchObject({ kind: 'auxiliary_craft', mid: 219, flag: 'DK' });
    expect(classifyMmsi(852992994)).toMatchObject({ kind: 'handheld', mid: 529, flag: 'KI' });
    expect(classifyMmsi(445123456)).toMatchObject({ kind: 'ship', flag: 'KP' });
    expect(classifyMmsi(477123400)).toMatchObject({ kind: 'ship', flag: 'HK' });
  });

  it('marks invalid MMSIs with the reason, keeping the pattern', () => {
    expect(classifyMmsi(123456789)).toMatchObject({ kind: 'invalid', problem: 'repeated_digits' });
    expect(classifyMmsi(111111111)).toMatchObject({ kind: 'invalid', problem: 'repeated_digits' });
    expect(classifyMmsi(999999999)).toMatchObject({ kind: 'invalid', problem: 'repeated_digits' });
    expect(classifyMmsi(0)).toMatchObject({ kind: 'invalid', problem: 'not_9_digits' });
    expect(classifyMmsi(1_000_000_000)).toMatchObject({ kind: 'invalid', problem: 'not_9_digits' });
    expect(classifyMmsi(-5)).toMatchObject({ kind: 'invalid', problem: 'not_9_digits' });
    expect(classifyMmsi('21900087X')).toMatchObject({ kind: 'invalid', problem: 'not_9_digits' });
    // libais type 9 test vector: 400 is not an assigned MID
    expect(classifyMmsi(400214919)).toMatchObject({ kind: 'invalid', pattern: 'ship', mid: 400, problem: 'unassigned_mid', flag: null });
    expect(classifyMmsi(299123456)).toMatchObject({ kind: 'invalid', pattern: 'ship', problem: 'unassigned_mid' });
    expect(classifyMmsi(123456780)).toMatchObject({ kind: 'invalid', problem: 'out_of_range' });
    expect(classifyMmsi(912345678)).toMatchObject({ kind: 'invalid', problem: 'out_of_range' });
    expect(flagOfMmsi(412000001)).toBe('CN');
    expect(flagOfMmsi(970012345)).toBeNull();
  });

  it('one rule for readers, detectors and screening: the MMSIs of real files', () => {
    // NOAA MarineCadastre 2022-01-03 (../shared): numbers the spoofing detector reports
    for (const m of [999999999, 444444444, 123456789]) expect(classifyMmsi(m)).toMatchObject({ kind: 'invalid', problem: 'repeated_digits', suspicion: null });
    // 12345678 is 012345678 (a counting run), not a group call of MID 123
    expect(classifyMmsi(12345678)).toMatchObject({ kind: 'invalid', problem: 'repeated_digits' });
    expect(classifyMmsi(122292919)).toMatchObject({ kind: 'invalid', problem: 'out_of_range' });
    expect(classifyMmsi(912190065)).toMatchObject({ kind: 'invalid', problem: 'out_of_range' });
    expect(classifyMmsi(985226000)).toMatchObject({ kind: 'invalid', pattern: 'auxiliary_craft', mid: 522, problem: 'unassigned_mid' });
    expect(classifyMmsi(9110192)).toMatchObject({ kind: 'invalid', pattern: 'coast_station', mid: 911, problem: 'unassigned_mid' });
    // the MID alone, six zeros or nines after it: valid ships with their flag, flagged as defaults
    expect(classifyMmsi(412000000)).toMatchObject({ kind: 'ship', flag: 'CN', problem: null, suspicion: 'mid_only' });
    expect(classifyMmsi(445000000)).toMatchObject({ kind: 'ship', flag: 'KP', problem: null, suspicion: 'mid_only' });
    expect(classifyMmsi(345000000)).toMatchObject({ kind: 'ship', flag: 'MX', suspicion: 'mid_only' });
    expect(classifyMmsi(210000000)).toMatchObject({ kind: 'ship', flag: 'CY', suspicion: 'mid_only' });
    expect(classifyMmsi(316999999)).toMatchObject({ kind: 'ship', flag: 'CA', suspicion: 'mid_only' });
    expect(classifyMmsi(574574574)).toMatchObject({ kind: 'ship', flag: 'VN', suspicion: 'repeated_block' });
    expect(flagOfMmsi(412000000)).toBe('CN');
    // ordinary ships, trailing zeros included (M.585: Inmarsat-capable ships end in 000)
    for (const m of [412000001, 440058000, 249190000, 367752440, 412345679]) expect(classifyMmsi(m)).toMatchObject({ kind: 'ship', problem: null, suspicion: null });
    // MIDs outside ITU's allocation: ship pattern, unassigned
    for (const m of [200123456, 217123456, 776123456]) expect(classifyMmsi(m)).toMatchObject({ pattern: 'ship', problem: 'unassigned_mid' });
    // other stations are not invalid; 979 is an autonomous device (net buoys), 971 no format at all
    expect(classifyMmsi(992191001)).toMatchObject({ kind: 'aton', problem: null });
    expect(classifyMmsi(2190047)).toMatchObject({ kind: 'coast_station', problem: null });
    expect(classifyMmsi(979123456)).toMatchObject({ kind: 'amrd', mid: null, problem: null });
    expect(classifyMmsi(971123456)).toMatchObject({ kind: 'invalid', problem: 'out_of_range' });
    // screening takes a flag from ship-pattern MMSIs only (a query without one), territories mapped to their state
    expect(shipFlagOfMmsi('572469210')).toBe('TV');
    expect(shipFlagOfMmsi('445123456')).toBe('KP');
    expect(shipFlagOfMmsi('477123456')).toBe('HK');
    expect(shipFlagOfMmsi('204123456')).toBe('PT'); // Azores
    expect(shipFlagOfMmsi('111123456')).toBeNull(); // SAR aircraft, no flag state
    expect(shipFlagOfMmsi('200000000')).toBeNull(); // no MID 200
    expect(shipFlagOfMmsi(2190047)).toBeNull();
  });

  it('classifies every MMSI of the MarineCadastre sample', () => {
    const p = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
    if (!p) return;
    const mmsis = readFileSync(p, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    const kinds: Record<string, number> = {};
    for (const m of mmsis) {
      const k = classifyMmsi(m).kind;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    // 998 nine-digit MMSIs starting 2-7, one 00MID coast station (3669882) and one 0MID group (36926403)
    expect(kinds.coast_station).toBe(1);
    expect(kinds.group).toBe(1);
    expect((kinds.ship ?? 0) + (kinds.invalid ?? 0)).toBe(998);
  });
});

describe('IMO numbers', () => {
  it('checks the check digit on real IMO numbers', () => {
    for (const imo of [9307839, 9203588, 9190951, 9473119, 9383663]) expect(isValidImo(imo)).toBe(true);
    for (const imo of [9307838, 9383664, 1234568, 123456, 12345678, 0]) expect(isValidImo(imo)).toBe(false);
    // 1*7 + 2*6 + 3*5 + 4*4 + 5*3 + 6*2 = 77: check digit 7
    expect(isValidImo(1234567)).toBe(true);
  });

  it('parses the ways sources write IMO numbers', () => {
    expect(parseImo('IMO9307839')).toBe(9307839);
    expect(parseImo('IMO 9307839')).toBe(9307839);
    expect(parseImo('imo9307839')).toBe(9307839);
    expect(parseImo(' 9307839 ')).toBe(9307839);
    expect(parseImo(9383663)).toBe(9383663);
    expect(parseImo('IMO0000000')).toBeNull();
    expect(parseImo('')).toBeNull();
    expect(parseImo('Unknown')).toBeNull();
    expect(parseImo(0)).toBeNull();
    expect(parseImo(null)).toBeNull();
    // kept as reported, so the spoofing detector can see a bad check digit
    expect(parseImo('IMO1289289')).toBe(1289289);
  });

  it('reads IMO numbers as lists write them, as seven digits', () => {
    expect(imoDigits('IMO 9187629')).toBe('9187629');
    expect(imoDigits('IMO: 9187629')).toBe('9187629');
    expect(imoDigits(9187629)).toBe('9187629');
    expect(imoDigits('15411')).toBe('0015411');
    expect(imoDigits('91876290')).toBeNull();
    expect(imoDigits('0')).toBeNull();
    expect(imoDigits('abc')).toBeNull();
    expect(parseImo('IMO: 9187629')).toBe(9187629);
    expect(isValidImo('9187629')).toBe(true); // ARTAVIL
    expect(isValidImo('8606173')).toBe(true); // RYONG GUN BONG
    expect(isValidImo('9187628')).toBe(false);
    expect(isValidImo('15411')).toBe(false);
    expect(isValidImo('0187629')).toBe(false);
    expect(isValidImo('91876290')).toBe(false);
    expect(mmsiDigits(' 572469210 ')).toBe('572469210');
    expect(mmsiDigits(57246921)).toBeNull();
    expect(mmsiDigits('000000000')).toBeNull();
  });

  it('counts valid and invalid check digits in the MarineCadastre sample', () => {
    const p = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
    if (!p) return;
    const imos = readFileSync(p, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => parseImo(l.split(',')[8]))
      .filter((x): x is number => x !== null);
    expect(imos).toHaveLength(420); // 442 IMO cells, 22 of them IMO0000000
    expect(imos.filter(isValidImo)).toHaveLength(387);
  });
});

describe('ship types', () => {
  it('names codes as ITU does', () => {
    expect(shipTypeName(80)).toBe('Tanker, all ships of this type');
    expect(shipTypeName(84)).toBe('Tanker, Hazardous category D');
    expect(shipTypeName(70)).toBe('Cargo, all ships of this type');
    expect(shipTypeName(79)).toBe('Cargo, No additional information');
    expect(shipTypeName(30)).toBe('Fishing');
    expect(shipTypeName(52)).toBe('Tug');
    expect(shipTypeName(0)).toBe('Not available');
    expect(shipTypeName(15)).toBe('Reserved for future use');
    expect(shipTypeName(100)).toBe('Unknown');
    expect(shipTypeName(null)).toBe('Unknown');
  });

  it('groups codes into coarse categories', () => {
    expect(shipCategory(84)).toBe('tanker');
    expect(shipCategory(70)).toBe('cargo');
    expect(shipCategory(30)).toBe('fishing');
    expect(shipCategory(31)).toBe('tug');
    expect(shipCategory(52)).toBe('tug');
    expect(shipCategory(60)).toBe('passenger');
    expect(shipCategory(37)).toBe('pleasure');
    expect(shipCategory(35)).toBe('military');
    expect(shipCategory(55)).toBe('law_enforcement');
    expect(shipCategory(51)).toBe('sar');
    expect(shipCategory(50)).toBe('special');
    expect(shipCategory(45)).toBe('high_speed');
    expect(shipCategory(99)).toBe('other');
    expect(shipCategory(0)).toBe('unknown');
    expect(shipCategory(38)).toBe('unknown');
  });

  it("turns DMA's text types into codes", () => {
    expect(dmaShipTypeCode('Tanker', 'Category A')).toBe(81);
    expect(dmaShipTypeCode('Cargo', 'No additional information')).toBe(79);
    expect(dmaShipTypeCode('Cargo', '')).toBe(70);
    expect(dmaShipTypeCode('HSC', 'Category D')).toBe(44);
    expect(dmaShipTypeCode('Fishing', 'Category A')).toBe(30);
    expect(dmaShipTypeCode('Towing long/wide')).toBe(32);
    expect(dmaShipTypeCode('Law enforcement')).toBe(55);
    expect(dmaShipTypeCode('Not party to conflict')).toBe(59);
    expect(dmaShipTypeCode('Undefined')).toBeNull();
    expect(dmaShipTypeCode('Reserved')).toBeNull();
    expect(dmaShipTypeCode('Submarine')).toBeUndefined();
  });
});

describe('navigational status', () => {
  it('names codes and reads DMA and gpsd wording back', () => {
    expect(NAV_STATUS_NAMES).toHaveLength(16);
    expect(navStatusName(0)).toBe('Under way using engine');
    expect(navStatusName(15)).toBe('Not defined');
    expect(navStatusName(16)).toBe('Unknown');
    for (let c = 0; c < 16; c++) expect(navStatusFromText(navStatusName(c))).toBe(c);
    expect(navStatusFromText('Restricted maneuverability')).toBe(3);
    expect(navStatusFromText('Reserved for future amendment [HSC]')).toBe(9);
    expect(navStatusFromText('Reserved for future amendment [WIG]')).toBe(10);
    expect(navStatusFromText('Power-driven vessel pushing ahead or towing alongside')).toBe(12);
    expect(navStatusFromText('Reserved for future use [11]')).toBe(11);
    expect(navStatusFromText('AIS-SART (active)')).toBe(14);
    expect(navStatusFromText('Unknown value')).toBe(15);
    expect(navStatusFromText('at ANCHOR')).toBe(1);
    expect(navStatusFromText('Dancing')).toBeUndefined();
  });
});

describe('names', () => {
  it("trims AIS '@' padding and spaces and collapses whitespace", () => {
    expect(cleanName('RUTH THERESA        ')).toBe('RUTH THERESA');
    expect(cleanName('R/V GULF CHALLENGER@')).toBe('R/V GULF CHALLENGER');
    expect(cleanName('SEA PIONEER@@@@')).toBe('SEA PIONEER');
    expect(cleanName('@@@@@@@@@@@@@@@@@@@@')).toBeNull();
    expect(cleanName('  MSC   NAISHA\tIII ')).toBe('MSC NAISHA III');
    expect(cleanText('BOSTON,USA@@@@@@@@@@')).toBe('BOSTON,USA');
    expect(cleanText('A\u0000B')).toBe('A B');
    expect(cleanText('')).toBeNull();
    expect(cleanText(undefined)).toBeNull();
  });
});

describe('errors', () => {
  it('reference errors are DarkfleetErrors', () => {
    try {
      parseMidTable('nope');
    } catch (err) {
      expect(err).toBeInstanceOf(DarkfleetError);
      expect((err as SourceError).code).toBe('bad_reference');
    }
  });
});

describe('IMO quality and carriage (identity quality apart from spoofing)', () => {
  it('tells no IMO, valid, misformatted and invalid apart, on the real AMSA and NOAA values', () => {
    expect(IMO_NOT_AVAILABLE).toBe(2 ** 30 - 1);
    for (const none of [null, undefined, 0, 1073741823]) expect(imoQuality(none)).toBe('none');
    expect(imoQuality(9074729)).toBe('valid');
    // valid IMOs keyed with trailing zeros: BATANG ANAI 8120648, JIAN YANG HUA QING 9297096, GEORGIA 1006300
    for (const junk of [812064800, 929709600, 100630000]) expect(imoQuality(junk)).toBe('misformatted');
    // wrong check digits, truncated numbers, bit junk
    for (const bad of [9240581, 9175044, 875169, 32, 167772162, 303174162, 5201314]) expect(imoQuality(bad)).toBe('invalid_check_digit');
  });

  it('must carry: passenger, cargo and tanker types of the length given, or unknown length not on class B', () => {
    expect(mustCarryImo({ shipType: 70, length: 171, classA: true }, 50)).toBe(true);
    expect(mustCarryImo({ shipType: 65, length: 45, classA: true }, 50)).toBe(false);
    expect(mustCarryImo({ shipType: 30, length: 58, classA: true }, 50)).toBe(false);
    expect(mustCarryImo({ shipType: 84, length: null, classA: null }, 50)).toBe(true);
    expect(mustCarryImo({ shipType: 84, length: null, classA: false }, 50)).toBe(false);
    expect(mustCarryImo({ shipType: null, length: 300, classA: true }, 50)).toBe(false);
  });
});
