/** A tiny DOM builder: text goes in as text nodes, never as HTML (vessel names come from the air). */

type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, String(v));
  }
  for (const c of (children as unknown[]).flat(Infinity) as (Node | string | number | null | undefined | false)[]) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const fmtTime = (iso: string | number | null): string => (iso === null ? '—' : new Date(iso).toISOString().slice(0, 16).replace('T', ' '));
export const fmtSpan = (a: string, b: string): string => {
  const x = fmtTime(a), y = fmtTime(b);
  return x.slice(0, 10) === y.slice(0, 10) ? `${x}–${y.slice(11)}` : `${x} – ${y}`;
};
export const hours = (a: string, b: string): string => {
  const h = (Date.parse(b) - Date.parse(a)) / 3_600_000;
  return h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`;
};
