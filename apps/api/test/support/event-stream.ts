/** One server-sent event as received: its fields, or a comment line (heartbeat). */
export interface ReceivedEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  /** When it arrived (ms, performance.now()). */
  at: number;
}

export interface EventStream {
  status: number;
  headers: Headers;
  received: ReceivedEvent[];
  /** Every byte received, for leak checks. */
  raw(): string;
  /** The first event (comments included) matching, waiting up to `timeoutMs`. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/**
 * Subscribes to GET /api/events the way the web console does: fetch with the API key header, the
 * body read as a stream and parsed line by line (text/event-stream framing).
 */
export async function openEventStream(base: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events`, { headers, signal: controller.signal });
  const received: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  let text = '';
  let buffer = '';
  let current: ReceivedEvent = { at: 0 };
  const pushField = (line: string) => {
    if (line === '') {
      if (current.id !== undefined || current.event !== undefined || current.data !== undefined) received.push({ ...current, at: performance.now() });
      current = { at: 0 };
      return;
    }
    if (line.startsWith(':')) {
      received.push({ comment: line.slice(1).trim(), at: performance.now() });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id' || field === 'event') current[field] = value;
    else if (field === 'data') current.data = current.data === undefined ? value : `${current.data}\n${value}`;
  };
  if (response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          const part = decoder.decode(chunk, { stream: true });
          text += part;
          buffer += part;
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            pushField(buffer.slice(0, newline).replace(/\r$/, ''));
            buffer = buffer.slice(newline + 1);
          }
          for (const wake of [...waiters]) wake();
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    received,
    raw: () => text,
    next(match, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(received)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
}

/** The parsed data of a change event. */
export function dataOf(event: ReceivedEvent): Record<string, unknown> {
  return JSON.parse(event.data ?? 'null') as Record<string, unknown>;
}
