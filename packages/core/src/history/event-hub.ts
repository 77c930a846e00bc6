import type { ChangeEvent } from './change-event.js';

export const DEFAULT_EVENT_WINDOW = 1000;

/** What a subscriber resuming after `Last-Event-ID` gets: the events after it, or word that the window has passed it. */
export type Resumption = { events: ChangeEvent[] } | { gone: true };

/**
 * The events of this instance's feed: subscribers hear each once, and the newest `window` events
 * are kept in memory so a client that reconnects with `Last-Event-ID` misses nothing that is still
 * in the window. Events are kept in the order they arrived here (with several instances, ids come
 * from one sequence but may arrive slightly out of order), so a resume replays what came after the
 * given event here, not merely higher ids.
 */
export class EventHub {
  private readonly kept: ChangeEvent[] = [];
  private readonly seen = new Set<number>();
  private readonly subscribers = new Set<(event: ChangeEvent) => void>();

  constructor(readonly window: number = DEFAULT_EVENT_WINDOW) {}

  /** Hands an event to every subscriber; an id already published (an instance hearing its own notification) is ignored. */
  publish(event: ChangeEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    this.kept.push(event);
    if (this.kept.length > this.window) this.seen.delete((this.kept.shift() as ChangeEvent).id);
    for (const subscriber of this.subscribers) subscriber(event);
  }

  subscribe(subscriber: (event: ChangeEvent) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The events after `lastId`, oldest first; `gone` when `lastId` is no longer (or never was) in the window. */
  after(lastId: number): Resumption {
    const at = this.kept.findIndex((event) => event.id === lastId);
    if (at >= 0) return { events: this.kept.slice(at + 1) };
    // Nothing kept yet, or everything kept is newer: a client that saw nothing of it misses nothing only if the window is empty.
    if (this.kept.length === 0) return { events: [] };
    return { gone: true };
  }
}
