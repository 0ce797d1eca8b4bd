/**
 * Text legends gpsd prints beside coded fields (`status_text`, `epfd_text`, ...), worded
 * as in gpsd's regression files so our output diffs cleanly against `gpsdecode -j`.
 */

export const NAV_STATUS: readonly string[] = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted maneuverability',
  'Constrained by her draught',
  'Moored',
  'Aground',
  'Engaged in fishing',
  'Under way sailing',
  'Reserved for HSC',
  'Reserved for WIG',
  'Power-driven vessel towing astern',
  'Power-driven vessel pushing ahead or towing alongside',
  'Reserved',
  'AIS-SART is active',
  'Not defined',
];

export const EPFD: readonly string[] = [
  'Undefined',
  'GPS',
  'GLONASS',
  'Combined GPS/GLONASS',
  'Loran-C',
  'Chayka',
  'Integrated navigation system',
  'Surveyed',
  'Galileo',
  'Reserved (9)',
  'Reserved (10)',
  'Reserved (11)',
  'Reserved (12)',
  'Reserved (13)',
  'Reserved (14)',
  'Internal GNSS',
];

const HAZ = ['all ships of this type', 'Hazardous category A', 'Hazardous category B', 'Hazardous category C', 'Hazardous category D'];
function family(name: string, last: string): string[] {
  return [...HAZ.map((h) => `${name} - ${h}`), ...Array(4).fill(`${name} - Reserved for future use`), `${name} - ${last}`];
}

/** AIS ship and cargo type 0-99 (ITU-R M.1371 table 53), gpsd wording. */
export const SHIP_TYPE: readonly string[] = [
  'Not available',
  ...Array<string>(19).fill('Reserved for future use'),
  ...family('Wing in ground (WIG)', 'Reserved for future use'),
  'Fishing',
  'Towing',
  'Towing: length exceeds 200m or breadth exceeds 25m',
  'Dredging or underwater ops',
  'Diving ops',
  'Military ops',
  'Sailing',
  'Pleasure Craft',
  'Reserved',
  'Reserved',
  ...family('High speed craft (HSC)', 'No additional information'),
  'Pilot Vessel',
  'Search and Rescue vessel',
  'Tug',
  'Port Tender',
  'Anti-pollution equipment',
  'Law Enforcement',
  'Spare - Local Vessel',
  'Spare - Local Vessel',
  'Medical Transport',
  'Ship according to RR Resolution No. 18',
  ...family('Passenger', 'No additional information'),
  ...family('Cargo', 'No additional information'),
  ...family('Tanker', 'No additional information'),
  ...family('Other Type', 'no additional information'),
];

export const STATION_TYPE: readonly string[] = [
  'All types of mobiles',
  'Reserved for future use',
  'All types of Class B mobile stations',
  'SAR airborne mobile station',
  'Aid to Navigation station',
  'Class B shipborne mobile station',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
  ...Array<string>(6).fill('Reserved for future use'),
];

export const NAVAID_TYPE: readonly string[] = [
  'Unspecified',
  'Reference point',
  'RACON',
  'Fixed offshore structure',
  'Spare, Reserved for future use.',
  'Light, without sectors',
  'Light, with sectors',
  'Leading Light Front',
  'Leading Light Rear',
  'Beacon, Cardinal N',
  'Beacon, Cardinal E',
  'Beacon, Cardinal S',
  'Beacon, Cardinal W',
  'Beacon, Port hand',
  'Beacon, Starboard hand',
  'Beacon, Preferred Channel port hand',
  'Beacon, Preferred Channel starboard hand',
  'Beacon, Isolated danger',
  'Beacon, Safe water',
  'Beacon, Special mark',
  'Cardinal Mark N',
  'Cardinal Mark E',
  'Cardinal Mark S',
  'Cardinal Mark W',
  'Port hand Mark',
  'Starboard hand Mark',
  'Preferred Channel Port hand',
  'Preferred Channel Starboard hand',
  'Isolated danger',
  'Safe Water',
  'Special Mark',
  'Light Vessel / LANBY / Rigs',
];

/** Legend lookup with gpsd's fallback for out-of-table codes. */
export function legend(table: readonly string[], code: number, invalid: string): string {
  return code < table.length ? table[code]! : invalid;
}
