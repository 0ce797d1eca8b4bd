/**
 * The list programme(s) a screening hit's entity is sanctioned under (OFAC "DPRK2", "NPWMD";
 * UN "DPRK"), as both drivers store them: JSON text of the list, NULL when the list gave none.
 * Read back, a hit carries `programs` only when there are some, as screening writes it.
 */
import type { Hit } from '../screen/types.js';

export function programsText(h: Hit): string | null {
  const p = (h.entity.programs ?? []).filter((x) => typeof x === 'string' && x !== '');
  return p.length ? JSON.stringify(p) : null;
}

export function programsOf(text: string | null): { programs?: string[] } {
  if (text === null) return {};
  const p = JSON.parse(text) as string[];
  return p.length ? { programs: p } : {};
}
