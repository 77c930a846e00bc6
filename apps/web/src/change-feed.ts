import { authHeaders } from './api.js';

/** The wait before the first reconnection, doubled after each failed one up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** Changes that arrive together (a test-all, a burst of saves) make one reload. */
const SETTLE_MS = 300;

/** The key is refused: the key prompt takes over, and the feed would be refused again. */
const GIVE_UP: ReadonlySet<number> = new Set([401, 403]);

/**
 * Calls `onChange` whenever the server's change feed (GET /api/events) announces a change, until
 * the returned function is called. An EventSource cannot send the API key header, so the stream is
 * read with fetch; after a dropped connection or a failed answer (a server restarting, a proxy's
 * 502) it reconnects with Last-Event-ID, waiting longer after each failure. A `reset` (the server
 * cannot replay what came after that id) counts as a change: the caller reloads everything anyway.
 */
export function subscribeChanges(onChange: () => void): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    clearTimeout(settle);
    settle = setTimeout(onChange, SETTLE_MS);
  };

  const run = async (): Promise<void> => {
    let retryMs = FIRST_RETRY_MS;
    let connectedBefore = false;
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
        if (lastId !== undefined) headers['last-event-id'] = lastId;
        const response = await fetch('/api/events', { headers, cache: 'no-store', signal: controller.signal });
        if (GIVE_UP.has(response.status)) return;
        if (response.ok && response.body) {
          // Without an id the server cannot tell what this page missed while it was away.
          if (connectedBefore && lastId === undefined) changed();
          connectedBefore = true;
          retryMs = FIRST_RETRY_MS;
          await read(response.body);
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      // Spread out, so the pages of a restarted server do not all come back at the same moment.
      await new Promise((resolve) => setTimeout(resolve, retryMs / 2 + Math.random() * (retryMs / 2)));
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  };

  const read = async (body: NonNullable<Response['body']>): Promise<void> => {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('id:')) lastId = line.slice(3).trim();
        else if (line.startsWith('event:')) changed();
      }
    }
  };

  void run();
  return () => {
    clearTimeout(settle);
    controller.abort();
  };
}
