/**
 * AIS "type of ship and cargo" codes (ITU-R M.1371-5, Annex 8, table 53): names, coarse
 * categories for detectors and reports, and the text types of Danish DMA CSV exports.
 */

export type ShipCategory =
  | 'cargo'
  | 'tanker'
  | 'fishing'
  | 'passenger'
  | 'tug' // towing (31, 32) and tugs (52)
  | 'pleasure' // sailing (36) and pleasure craft (37)
  | 'high_speed'
  | 'wig'
  | 'military'
  | 'law_enforcement'
  | 'sar'
  | 'special' // dredging, diving, pilot, port tender, anti-pollution, medical, non-combatant
  | 'other' // 90-99 and the local-use spares 56, 57
  | 'unknown'; // 0, reserved codes, out of range

const SECOND_DIGIT = [
  'all ships of this type',
  'Hazardous category A',
  'Hazardous category B',
  'Hazardous category C',
  'Hazardous category D',
  'Reserved for future use',
  'Reserved for future use',
  'Reserved for future use',
  'Reserved for future use',
  'No additional information',
];

const FAMILY: Record<number, string> = {
  2: 'Wing in ground (WIG)',
  4: 'High speed craft (HSC)',
  6: 'Passenger',
  7: 'Cargo',
  8: 'Tanker',
  9: 'Other Type',
};

const SINGLE: Record<number, string> = {
  30: 'Fishing',
  31: 'Towing',
  32: 'Towing: length exceeds 200m or breadth exceeds 25m',
  33: 'Dredging or underwater ops',
  34: 'Diving ops',
  35: 'Military ops',
  36: 'Sailing',
  37: 'Pleasure Craft',
  38: 'Reserved',
  39: 'Reserved',
  50: 'Pilot Vessel',
  51: 'Search and Rescue vessel',
  52: 'Tug',
  53: 'Port Tender',
  54: 'Anti-pollution equipment',
  55: 'Law Enforcement',
  56: 'Spare - Local Vessel',
  57: 'Spare - Local Vessel',
  58: 'Medical Transport',
  59: 'Noncombatant ship according to RR Resolution No. 18',
};

/** Name of a ship type code as ITU words it, e.g. 80 -> "Tanker, all ships of this type". */
export function shipTypeName(code: number | null | undefined): string {
  if (code === null || code === undefined || !Number.isInteger(code) || code < 0 || code > 99) return 'Unknown';
  if (code === 0) return 'Not available';
  if (code < 20) return 'Reserved for future use';
  const single = SINGLE[code];
  if (single) return single;
  const family = FAMILY[Math.floor(code / 10)];
  return family ? `${family}, ${SECOND_DIGIT[code % 10] ?? ''}` : 'Unknown';
}

const CATEGORY_BY_CODE: Record<number, ShipCategory> = {
  30: 'fishing',
  31: 'tug',
  32: 'tug',
  33: 'special',
  34: 'special',
  35: 'military',
  36: 'pleasure',
  37: 'pleasure',
  50: 'special',
  51: 'sar',
  52: 'tug',
  53: 'special',
  54: 'special',
  55: 'law_enforcement',
  56: 'other',
  57: 'other',
  58: 'special',
  59: 'special',
};

const CATEGORY_BY_FAMILY: Record<number, ShipCategory> = {
  2: 'wig',
  4: 'high_speed',
  6: 'passenger',
  7: 'cargo',
  8: 'tanker',
  9: 'other',
};

/** Coarse category of a ship type code, e.g. 84 -> 'tanker', 52 -> 'tug', 0 -> 'unknown'. */
export function shipCategory(code: number | null | undefined): ShipCategory {
  if (code === null || code === undefined || !Number.isInteger(code) || code < 20 || code > 99) return 'unknown';
  return CATEGORY_BY_CODE[code] ?? CATEGORY_BY_FAMILY[Math.floor(code / 10)] ?? 'unknown';
}

// DMA's text ship types (AisLib's ShipTypeCargo names) -> the first code of the type.
const DMA_SHIP_TYPES: Record<string, number> = {
  wig: 20,
  fishing: 30,
  towing: 31,
  'towing long/wide': 32,
  dredging: 33,
  diving: 34,
  military: 35,
  sailing: 36,
  pleasure: 37,
  hsc: 40,
  pilot: 50,
  sar: 51,
  tug: 52,
  'port tender': 53,
  'anti-pollution': 54,
  'law enforcement': 55,
  'spare 1': 56,
  'spare 2': 57,
  medical: 58,
  'not party to conflict': 59,
  'ships according to rr': 59,
  passenger: 60,
  cargo: 70,
  tanker: 80,
  other: 90,
};
// Texts DMA writes when no type is known.
const DMA_NO_TYPE = new Set(['', 'undefined', 'unknown', 'reserved', 'unknown value']);

/**
 * AIS code from DMA's "Ship type" text and, for the WIG/HSC/passenger/cargo/tanker/other families,
 * its "Cargo type" text ("Category A".."Category D", "No additional information").
 * Returns null when DMA says the type is unknown, undefined when the text is not one DMA writes.
 */
export function dmaShipTypeCode(shipType: string, cargoType = ''): number | null | undefined {
  const key = shipType.trim().toLowerCase();
  if (DMA_NO_TYPE.has(key)) return null;
  const base = DMA_SHIP_TYPES[key];
  if (base === undefined) return undefined;
  if (base % 10 !== 0 || !CATEGORY_BY_FAMILY[base / 10]) return base;
  const cargo = cargoType.trim().toLowerCase();
  const cat = /^category ([a-d])$/.exec(cargo);
  if (cat?.[1]) return base + (cat[1].charCodeAt(0) - 0x60);
  if (cargo === 'no additional information') return base + 9;
  return base;
}
