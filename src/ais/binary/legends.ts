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

/**
 * IMO289 area notice types (8/1/22, IMO SN.1/Circ.289 annex, area notice description
 * table): gpsd does not decode this message, so these are worded after the circular, not gpsd.
 * Codes the circular leaves unassigned read "(reserved for future use)".
 */
const AREA_RESERVED = '(reserved for future use)';
const AREA_NOTICE_ASSIGNED: Readonly<Record<number, string>> = {
  0: 'Caution Area: Marine mammals habitat',
  1: 'Caution Area: Marine mammals in area - reduce speed',
  2: 'Caution Area: Marine mammals in area - stay clear',
  3: 'Caution Area: Marine mammals in area - report sightings',
  4: 'Caution Area: Protected habitat - reduce speed',
  5: 'Caution Area: Protected habitat - stay clear',
  6: 'Caution Area: Protected habitat - no fishing or anchoring',
  7: 'Caution Area: Derelicts (drifting objects)',
  8: 'Caution Area: Traffic congestion',
  9: 'Caution Area: Marine event',
  10: 'Caution Area: Divers down',
  11: 'Caution Area: Swim area',
  12: 'Caution Area: Dredge operations',
  13: 'Caution Area: Survey operations',
  14: 'Caution Area: Underwater operation',
  15: 'Caution Area: Seaplane operations',
  16: 'Caution Area: Fishery - nets in water',
  17: 'Caution Area: Cluster of fishing vessels',
  18: 'Caution Area: Fairway closed',
  19: 'Caution Area: Harbour closed',
  20: 'Caution Area: Risk (define in associated text field)',
  21: 'Caution Area: Underwater vehicle operation',
  23: 'Environmental Caution Area: Storm front (line squall)',
  24: 'Environmental Caution Area: Hazardous sea ice',
  25: 'Environmental Caution Area: Storm warning (cell or line of storms)',
  26: 'Environmental Caution Area: High wind',
  27: 'Environmental Caution Area: High waves',
  28: 'Environmental Caution Area: Restricted visibility (fog, rain, etc.)',
  29: 'Environmental Caution Area: Strong currents',
  30: 'Environmental Caution Area: Heavy icing',
  32: 'Restricted Area: Fishing prohibited',
  33: 'Restricted Area: No anchoring',
  34: 'Restricted Area: Entry approval required prior to transit',
  35: 'Restricted Area: Entry prohibited',
  36: 'Restricted Area: Active military OPAREA',
  37: 'Restricted Area: Firing - danger area',
  38: 'Restricted Area: Drifting mines',
  40: 'Anchorage Area: Anchorage open',
  41: 'Anchorage Area: Anchorage closed',
  42: 'Anchorage Area: Anchoring prohibited',
  43: 'Anchorage Area: Deep draft anchorage',
  44: 'Anchorage Area: Shallow draft anchorage',
  45: 'Anchorage Area: Vessel transfer operations',
  56: 'Security Alert - Level 1',
  57: 'Security Alert - Level 2',
  58: 'Security Alert - Level 3',
  64: 'Distress Area: Vessel disabled and adrift',
  65: 'Distress Area: Vessel sinking',
  66: 'Distress Area: Vessel abandoning ship',
  67: 'Distress Area: Vessel requests medical assistance',
  68: 'Distress Area: Vessel flooding',
  69: 'Distress Area: Vessel fire/explosion',
  70: 'Distress Area: Vessel grounding',
  71: 'Distress Area: Vessel collision',
  72: 'Distress Area: Vessel listing/capsizing',
  73: 'Distress Area: Vessel under assault',
  74: 'Distress Area: Person overboard',
  75: 'Distress Area: SAR area',
  76: 'Distress Area: Pollution response area',
  80: 'Instruction: Contact VTS at this point/juncture',
  81: 'Instruction: Contact Port Administration at this point/juncture',
  82: 'Instruction: Do not proceed beyond this point/juncture',
  83: 'Instruction: Await instructions prior to proceeding beyond this point/juncture',
  84: 'Proceed to this location - await instructions',
  85: 'Clearance granted - proceed to berth',
  88: 'Information: Pilot boarding position',
  89: 'Information: Icebreaker waiting area',
  90: 'Information: Places of refuge',
  91: 'Information: Position of icebreakers',
  92: 'Information: Location of response units',
  93: 'VTS active target',
  94: 'Rogue or suspicious vessel',
  95: 'Vessel requesting non-distress assistance',
  96: 'Chart Feature: Sunken vessel',
  97: 'Chart Feature: Submerged object',
  98: 'Chart Feature: Semi-submerged object',
  99: 'Chart Feature: Shoal area',
  100: 'Chart Feature: Shoal area due north',
  101: 'Chart Feature: Shoal area due east',
  102: 'Chart Feature: Shoal area due south',
  103: 'Chart Feature: Shoal area due west',
  104: 'Chart Feature: Channel obstruction',
  105: 'Chart Feature: Reduced vertical clearance',
  106: 'Chart Feature: Bridge closed',
  107: 'Chart Feature: Bridge partially open',
  108: 'Chart Feature: Bridge fully open',
  112: 'Report from ship: Icing info',
  114: 'Report from ship: Miscellaneous information - define in associated text field',
  120: 'Route: Recommended route',
  121: 'Route: Alternative route',
  122: 'Route: Recommended route through ice',
  125: 'Other - define in associated text field',
  126: 'Cancellation - cancel area as identified by Message Linkage ID',
  127: 'Undefined (default)',
};
export const AREA_NOTICE_TYPES: readonly string[] = Array.from({ length: 128 }, (_, k) => AREA_NOTICE_ASSIGNED[k] ?? AREA_RESERVED);

/** Area notice sub-area shapes (a circle of radius 0 is a point). */
export const AREA_SHAPES: readonly string[] = ['circle', 'rectangle', 'sector', 'polyline', 'polygon', 'text', 'reserved', 'reserved'];
