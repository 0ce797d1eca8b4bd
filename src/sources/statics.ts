/**
 * Emit a VesselStatic only when what is known of an MMSI's identity changes. CSV exports repeat
 * name/IMO/call sign/type/size on every row and AIS splits them over messages (type 24 A/B), so
 * partial reports are merged: a null field means "not in this report", never "erased".
 */
import type { VesselStatic } from '../records.js';
import { classifyMmsi } from '../ref/mmsi.js';

export type StaticFields = Pick<
  VesselStatic,
  'imo' | 'name' | 'callsign' | 'shipType' | 'length' | 'width' | 'draught' | 'destination'
>;

const FIELDS: (keyof StaticFields)[] = ['imo', 'name', 'callsign', 'shipType', 'length', 'width', 'draught', 'destination'];

export class StaticTracker {
  private known = new Map<number, VesselStatic>();
  /** MMSIs whose identity just changed: their next unchanged report is passed on once more */
  private unconfirmed = new Set<number>();

  /**
   * Merge a report; returns the merged record when something changed, else null, except that
   * the first report repeating a changed identity is returned too: detectors require a new
   * identity to be reported twice in a row (a single corrupt type 5 is not a rename), and
   * this keeps that evidence while dropping the thousands of later repeats.
   */
  update(mmsi: number, t: number, report: Partial<StaticFields>, source: string): VesselStatic | null {
    const prev = this.known.get(mmsi);
    let changed = false;
    for (const f of FIELDS) {
      const v = report[f];
      if (v !== null && v !== undefined && (prev === undefined || prev[f] !== v)) {
        changed = true;
        break;
      }
    }
    if (!changed) {
      if (prev && this.unconfirmed.delete(mmsi)) return { ...prev, t, source };
      return null;
    }
    this.unconfirmed.add(mmsi);
    const next: VesselStatic = {
      mmsi,
      t,
      imo: report.imo ?? prev?.imo ?? null,
      name: report.name ?? prev?.name ?? null,
      callsign: report.callsign ?? prev?.callsign ?? null,
      shipType: report.shipType ?? prev?.shipType ?? null,
      length: report.length ?? prev?.length ?? null,
      width: report.width ?? prev?.width ?? null,
      draught: report.draught ?? prev?.draught ?? null,
      destination: report.destination ?? prev?.destination ?? null,
      flag: prev ? prev.flag : classifyMmsi(mmsi).flag,
      source,
      // the caller's line (runLines, the NMEA reader) is set after; here for one record shape
      lineNo: 0,
    };
    this.known.set(mmsi, next);
    return next;
  }
}
