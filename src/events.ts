/** The event types of DESIGN.md "Events": one list for detectors, store, screening and exports. */
export const EVENT_TYPES = [
  'encounter',
  'loitering',
  'gap',
  'identity_change',
  'spoofing',
  'port_visit',
  'zone_entry',
  'zone_exit',
  'dark_detection',
  'sanctions_hit',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
