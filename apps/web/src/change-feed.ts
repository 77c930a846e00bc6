import { authHeaders } from './api.js';

const RETRY_MS = 3000;
/** Changes that arrive together (a test-all, a burst of saves) make one reload. */
const SETTLE_MS = 300;

/**
 * Calls `onChange` whenever the server's change feed (GET /api/events) announces a change, until
 * the returned function is called. An EventSource cannot send the API key header, so the stream is
 * read with fetch; after a dropped connection it reconnects with Last-Event-ID, and a `reset` (the
 * id left the server's window) counts as a change: the caller reloads everything anyway.
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
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
        if (lastId !== undefined) headers['last-event-id'] = lastId;
        const response = await fetch('/api/events', { headers, cache: 'no-store', signal: controller.signal });
        // A server without the feed, or a key it refuses: the console works as before, without live updates.
        if (!response.ok || !response.body) return;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).replace(/\r$/, '');
            buffer = buffer.slice(newline + 1);
            if (line.startsWith('id:')) lastId = line.slice(3).trim();
            else if (line.startsWith('event:')) changed();
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => {
    clearTimeout(settle);
    controller.abort();
  };
}
