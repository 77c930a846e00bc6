import type { ChangeEvent } from './change-event.js';

export const DEFAULT_EVENT_WINDOW = 1000;

/**
 * What a subscriber resuming after `Last-Event-ID` gets: the events after it, or a reset (reload
 * everything) with the id to resume after once reloaded, when one is known.
 */
export type Resumption = { events: ChangeEvent[] } | { gone: true; resumeAfter?: number };

interface Subscriber {
  event(event: ChangeEvent): void;
  lost?(): void;
}

/** The newest event id the store has ever issued (0 before any), on any instance sharing it. */
export type NewestEventId = () => Promise<number>;

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
  private readonly subscribers = new Set<Subscriber>();

  /** `newest` is asked only when the window is empty (a fresh instance), the one case the window cannot settle. */
  constructor(
    readonly window: number = DEFAULT_EVENT_WINDOW,
    private readonly newest: NewestEventId = () => Promise.resolve(0),
  ) {}

  /** Hands an event to every subscriber; an id already published (an instance hearing its own notification) is ignored. */
  publish(event: ChangeEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    this.kept.push(event);
    if (this.kept.length > this.window) this.seen.delete((this.kept.shift() as ChangeEvent).id);
    for (const subscriber of this.subscribers) subscriber.event(event);
  }

  /**
   * Events may have been missed (the instance stopped hearing the other instances for a while): each
   * subscriber is told (`lost`: it should reload everything), and the window starts over, so a later
   * resume is settled by the store's newest id rather than by events that may have gaps between them.
   */
  lost(): void {
    this.kept.length = 0;
    this.seen.clear();
    for (const subscriber of this.subscribers) subscriber.lost?.();
  }

  subscribe(event: (event: ChangeEvent) => void, lost?: () => void): () => void {
    const subscriber: Subscriber = { event, lost };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * The events after `lastId`, oldest first, as the window stood when called (a subscriber added
   * before the call hears everything later); a reset unless the events after `lastId` are known.
   */
  async after(lastId: number): Promise<Resumption> {
    const at = this.kept.findIndex((event) => event.id === lastId);
    if (at >= 0) return { events: this.kept.slice(at + 1) };
    // Everything up to the newest kept event is covered by the reload the reset asks for.
    if (this.kept.length > 0) return { gone: true, resumeAfter: (this.kept.at(-1) as ChangeEvent).id };
    // Nothing heard since this instance started (a restart, a new instance behind a load balancer):
    // events before it may have happened anywhere. Only the store knows whether `lastId` is the newest.
    let newest: number;
    try {
      newest = await this.newest();
    } catch {
      return { gone: true };
    }
    if (lastId === newest) return { events: [] };
    return { gone: true, resumeAfter: newest };
  }
}
