/**
 * Live alerts on the map: GET /api/alerts (server-sent events from `darkfleet watch --serve`)
 * read with fetch, not EventSource, so the token goes in the Authorization header as on every
 * other call (an EventSource cannot send one, and a token in the URL ends up in logs). A server
 * without live alerts answers 404 and the map stays as it is; a dropped stream is resumed with
 * backoff and Last-Event-ID, so the alerts missed meanwhile that the server still keeps come first.
 */
import type { Event as ApiEvent } from '../../src/events.js';
import { authHeaders } from './api';

export interface AlertHandlers {
  alert: (e: ApiEvent) => void;
  status: (text: string) => void;
}

/** Follows the live alerts until the page closes; resolves at once when the server has none. */
export async function followAlerts(on: AlertHandlers): Promise<void> {
  let last: string | null = null;
  let wait = 1000;
  let received = 0;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(new URL('./api/alerts', document.baseURI), { headers: { ...authHeaders(), Accept: 'text/event-stream', ...(last ? { 'Last-Event-ID': last } : {}) } });
    } catch {
      res = new Response(null, { status: 599 });
    }
    if (res.status === 404) return;
    if (res.ok && res.body) {
      wait = 1000;
      on.status(`live: ${received} alerts`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      let frame: { id?: string; event?: string; data: string[] } = { data: [] };
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, '');
            buf = buf.slice(nl + 1);
            if (line === '') {
              if (frame.data.length && (frame.event ?? 'message') === 'message') {
                on.alert(JSON.parse(frame.data.join('\n')) as ApiEvent);
                received++;
                on.status(`live: ${received} alerts`);
              }
              if (frame.id !== undefined) last = frame.id;
              frame = { data: [] };
            } else if (!line.startsWith(':')) {
              const i = line.indexOf(':');
              const field = i < 0 ? line : line.slice(0, i);
              const v = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
              if (field === 'data') frame.data.push(v);
              else if (field === 'id') frame.id = v;
              else if (field === 'event') frame.event = v;
            }
          }
        }
      } catch {
        // the stream broke: resume below
      }
    }
    on.status(`live: reconnecting (${received} alerts so far)`);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(30_000, wait * 2);
  }
}
