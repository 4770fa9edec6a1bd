// A patient's live stream (GET /patients/{id}/live, text/event-stream), read with fetch so the access
// token travels in the Authorization header and not in a URL. Reconnects with backoff; a silent stream
// (no ping for 45 s, as on a phone that changed networks) is dropped and reopened.

import { API, seg } from './api.js';

const SILENCE_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Opens the stream; handlers: reading(data), backlog({readings}) (readings stored late, older than the
 * stream's position), alert(data), status('live' | 'reconnecting' | 'closed').
 * Returns {close()}.
 */
export function openLive(session, patientId, handlers) {
  let closed = false;
  let controller = null;
  let failures = 0;

  async function connectOnce() {
    controller = new AbortController();
    let watchdog;
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    try {
      const response = await fetch(`${API}patients/${seg(patientId)}/live`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${await session.token()}` },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        await session.renew();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`live stream: HTTP ${response.status}`);
      failures = 0;
      handlers.status?.('live');
      alive();
      await readEvents(response.body, (event, data) => {
        alive();
        if (event !== 'reading' && event !== 'alert' && event !== 'backlog') return;
        try {
          handlers[event]?.(JSON.parse(data));
        } catch (error) {
          console.warn(`live stream: unreadable ${event} event`, error);
        }
      });
    } finally {
      clearTimeout(watchdog);
    }
  }

  (async () => {
    while (!closed) {
      try {
        await connectOnce();
      } catch (error) {
        if (closed) break;
        failures++;
        console.warn('live stream interrupted', error);
      }
      if (closed) break;
      handlers.status?.('reconnecting');
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
    }
    handlers.status?.('closed');
  })();

  return {
    close() {
      closed = true;
      controller?.abort();
    },
  };
}

/** Parses an event stream (WHATWG HTML, "server-sent events"): dispatch(eventName, data) per event. */
export async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = '';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') {
        dispatch(event || 'message', data.join('\n'));
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) {
        dispatch('comment', '');
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'event') event = text;
      else if (name === 'data') data.push(text);
    }
  }
}
