/**
 * Text legends gpsd prints beside coded fields of binary messages 6 and 8, worded as in
 * gpsd's gpsd_json.c (typos included: they are part of the output users diff against).
 */

/** IMO236/289 met-hydro pressure and water level trends. */
export const TRENDS: readonly string[] = ['steady', 'increasing', 'decreasing', 'N/A'];

/** WMO 306 code table 4.201 as gpsd words it. */
export const PRECIP_TYPES: readonly string[] = ['reserved', 'rain', 'thunderstorm', 'freezing rain', 'mixed/ice', 'snow', 'reserved', 'N/A'];

export const ICE: readonly string[] = ['no', 'yes', 'reserved', 'N/A'];

/** GLA AtoN monitoring (DAC 235/250 FID 10). */
export const RACON_STATUS: readonly string[] = ['No RACON installed', 'RACON not monitored', 'RACON operational', 'RACON ERROR'];
export const LIGHT_STATUS: readonly string[] = ['No light or no monitoring', 'Light ON', 'Light OFF', 'Light ERROR'];

/** Inland RTA status (DAC 200 FID 22). */
export const RTA_STATUS: readonly string[] = ['Operational', 'Limited operation', 'Out of order', 'N/A'];

/** IMO289 berthing data mooring position (DAC 1 FID 20). */
export const POSITION_TYPES: readonly string[] = [
  'Not available',
  'Port-side to',
  'Starboard-side to',
  'Mediterranean (end-on) mooring',
  'Mooring buoy',
  'Anchorage',
  'Reserved for future use',
  'Reserved for future use',
];

/** IMO289 route types (DAC 1 FID 27/28). */
export const ROUTE_TYPES: readonly string[] = [
  'Undefined (default)',
  'Mandatory',
  'Recommended',
  'Alternative',
  'Recommended route through ice',
  'Ship route plan',
  ...Array<string>(25).fill('Reserved for future use.'),
  'Cancel route identified by message linkage',
];

/** IMO289 VTS target identifier types (DAC 1 FID 17); also the key the identifier is printed under. */
export const ID_TYPES: readonly string[] = ['mmsi', 'imo', 'callsign', 'other'];

/** IMO289 marine traffic signals (DAC 1 FID 19). */
export const SIGNALS: readonly string[] = [
  'N/A',
  'Serious emergency – stop or divert according to instructions.',
  'Vessels shall not proceed.',
  'Vessels may proceed. One way traffic.',
  'Vessels may proceed. Two way traffic.',
  'Vessels shall proceed on specific orders only.',
  'Vessels in main channel shall not proceed.',
  'Vessels in main channel shall proceed on specific orders only.',
  'Vessels in main channel shall proceed on specific orders only.',
  'I = "in-bound" only acceptable.',
  'O = "out-bound" only acceptable.',
  'F = both "in- and out-bound" acceptable.',
  'XI = Code will shift to "I" in due time.',
  'XO = Code will shift to "O" in due time.',
  'X = Vessels shall proceed only on direction.',
];
export const SIGNAL_INVALID = 'INVALID SIGNAL TYPE';

/**
 * Inland ship and combination types (DAC 200 FID 10): ERI code, the AIS type it maps to, and
 * the legend. gpsd matches on either number (the ranges are disjoint) and falls back to
 * "Illegal ship type value.".
 */
export const INLAND_SHIP_TYPES: readonly (readonly [number, number, string])[] = [
  [8000, 99, 'Vessel, type unknown'],
  [8010, 79, 'Motor freighter'],
  [8020, 89, 'Motor tanker'],
  [8021, 80, 'Motor tanker, liquid cargo, type N'],
  [8022, 80, 'Motor tanker, liquid cargo, type C'],
  [8023, 89, 'Motor tanker, dry cargo as if liquid (e.g. cement)'],
  [8030, 79, 'Container vessel'],
  [8040, 80, 'Gas tanker'],
  [8050, 79, 'Motor freighter, tug'],
  [8060, 89, 'Motor tanker, tug'],
  [8070, 79, 'Motor freighter with one or more ships alongside'],
  [8080, 89, 'Motor freighter with tanker'],
  [8090, 79, 'Motor freighter pushing one or more freighters'],
  [8100, 89, 'Motor freighter pushing at least one tank-ship'],
  [8110, 79, 'Tug, freighter'],
  [8120, 89, 'Tug, tanker'],
  [8130, 31, 'Tug freighter, coupled'],
  [8140, 31, 'Tug, freighter/tanker, coupled'],
  [8150, 99, 'Freightbarge'],
  [8160, 99, 'Tankbarge'],
  [8161, 90, 'Tankbarge, liquid cargo, type N'],
  [8162, 90, 'Tankbarge, liquid cargo, type C'],
  [8163, 99, 'Tankbarge, dry cargo as if liquid (e.g. cement)'],
  [8170, 99, 'Freightbarge with containers'],
  [8180, 90, 'Tankbarge, gas'],
  [8210, 79, 'Pushtow, one cargo barge'],
  [8220, 79, 'Pushtow, two cargo barges'],
  [8230, 79, 'Pushtow, three cargo barges'],
  [8240, 79, 'Pushtow, four cargo barges'],
  [8250, 79, 'Pushtow, five cargo barges'],
  [8260, 79, 'Pushtow, six cargo barges'],
  [8270, 79, 'Pushtow, seven cargo barges'],
  [8280, 79, 'Pushtow, eigth cargo barges'],
  [8290, 79, 'Pushtow, nine or more barges'],
  [8310, 80, 'Pushtow, one tank/gas barge'],
  [8320, 80, 'Pushtow, two barges at least one tanker or gas barge'],
  [8330, 80, 'Pushtow, three barges at least one tanker or gas barge'],
  [8340, 80, 'Pushtow, four barges at least one tanker or gas barge'],
  [8350, 80, 'Pushtow, five barges at least one tanker or gas barge'],
  [8360, 80, 'Pushtow, six barges at least one tanker or gas barge'],
  [8370, 80, 'Pushtow, seven barges at least one tanker or gas barg'],
];
export const INLAND_SHIP_TYPE_ILLEGAL = 'Illegal ship type value.';

/** Legend of an inland ship type code, matched on the ERI code or the AIS type as gpsd does. */
export function inlandShipType(code: number): string {
  for (const [eri, ais, legend] of INLAND_SHIP_TYPES) if (eri === code || ais === code) return legend;
  return INLAND_SHIP_TYPE_ILLEGAL;
}

export const HAZARD_TYPES: readonly string[] = ['0 blue cones/lights', '1 blue cone/light', '2 blue cones/lights', '3 blue cones/lights', '4 B-Flag', 'Unknown'];
export const HAZARD_INVALID = 'INVALID HAZARD TYPE';

export const LOAD_STATUS: readonly string[] = ['N/A (default)', 'Unloaded', 'Loaded'];
export const LOAD_INVALID = 'INVALID LOAD STATUS';

/** EMMA weather warnings (DAC 200 FID 23). */
export const EMMA_TYPES: readonly string[] = [
  'Not Available',
  'Wind',
  'Rain',
  'Snow and ice',
  'Thunderstorm',
  'Fog',
  'Low temperature',
  'High temperature',
  'Flood',
  'Forest Fire',
];
export const EMMA_TYPE_INVALID = 'INVALID EMMA TYPE';
export const EMMA_CLASSES: readonly string[] = ['Slight', 'Medium', 'Strong'];
export const EMMA_WINDS: readonly string[] = ['N/A', 'North', 'North East', 'East', 'South East', 'South', 'South West', 'West', 'North West'];
export const EMMA_WIND_INVALID = 'INVALID EMMA WIND DIRECTION';

/** Inland signal status (DAC 200 FID 40). */
export const DIRECTIONS: readonly string[] = ['Unknown', 'Upstream', 'Downstream', 'To left bank', 'To right bank'];
export const DIRECTION_INVALID = 'INVALID DIRECTION';
export const SIGNAL_STATUS: readonly string[] = ['Unknown', 'No light', 'White', 'Yellow', 'Green', 'Red', 'White flashing', 'Yellow flashing.'];
export const SIGNAL_STATUS_INVALID = 'INVALID STATUS';
