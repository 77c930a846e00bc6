import type pg from 'pg';
import type { ExternalChange } from '../connector-store.js';
import { CHANGE_CHANNEL, type ChangeNotice, decodeNotices, EVENT_CHANNEL } from './change-notice.js';

/** What the listener needs from its store: a connection of its own, and reads through the pool. */
export interface ChangeSource {
  newClient(): pg.Client;
  /** Everything, read again: the change that replaces what the registry holds. */
  reload(): Promise<Extract<ExternalChange, { kind: 'reload' }>>;
  refresh(notices: readonly ChangeNotice[]): Promise<ExternalChange[]>;
  /** One line for the log; never holds the connection URL. */
  describe(error: unknown): string;
  /** Hears each change feed event (EVENT_CHANNEL), after the changes notified before it are handed over. */
  event?(payload: string): void;
  /** Hears that events may have been missed: listening stopped for a while (a lost connection). */
  eventsLost?(): void;
}

/** Marks, among the events waiting to be handed over, where listening was lost and started again. */
const EVENTS_LOST = Symbol('events lost');

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5000;

/**
 * Keeps a registry in step with the other instances: one dedicated connection LISTENs on the change
 * channel; each notification is turned into the row's current state and handed over, in order.
 * Whenever listening (re)starts — at boot and after a lost connection — everything is read again
 * once, since notifications sent while nobody listened are gone.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private pending: ChangeNotice[] = [];
  /** Change feed events wait for the changes before them, so a subscriber that reads on hearing one sees the change. */
  private pendingEvents: (string | typeof EVENTS_LOST)[] = [];
  /** Set once listening has started: a later start follows a lost connection. */
  private listenedBefore = false;
  private reloadWanted = false;
  private working: Promise<void> | undefined;
  /** A pending reconnect, and a pending retry of a failed read: independent of each other. */
  private connectTimer: NodeJS.Timeout | undefined;
  private readTimer: NodeJS.Timeout | undefined;
  private connectDelay = FIRST_RETRY_MS;
  private readDelay = FIRST_RETRY_MS;

  constructor(
    private readonly source: ChangeSource,
    private readonly onChange: (change: ExternalChange) => void,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    void this.connect();
  }

  /** Stops listening; resolves once no read is in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.readTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.working;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = this.source.newClient();
    let gone = false;
    const lost = (error: unknown): void => {
      if (gone) return;
      gone = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.warn(`PostgreSQL change listener: ${this.source.describe(error)}; reconnecting in ${this.connectDelay} ms`);
      this.connectTimer = setTimeout(() => void this.connect(), this.connectDelay);
      this.connectDelay = Math.min(this.connectDelay * 2, LAST_RETRY_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection closed')));
    client.on('notification', (message) => this.received(message));
    // Known before it is connected, so stop() can end an attempt that is still connecting.
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (this.source.event) await client.query(`LISTEN ${EVENT_CHANNEL}`);
    } catch (error) {
      lost(error);
      return;
    }
    if (gone) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.connectDelay = FIRST_RETRY_MS;
    // Events sent while nobody listened are gone, and unlike connectors cannot be read again.
    if (this.listenedBefore) this.pendingEvents.push(EVENTS_LOST);
    this.listenedBefore = true;
    this.reloadWanted = true;
    this.kick();
  }

  private received(message: pg.Notification): void {
    if (message.channel === EVENT_CHANNEL && message.payload) {
      this.pendingEvents.push(message.payload);
      if (!this.working) this.deliverEvents();
      return;
    }
    if (message.channel !== CHANGE_CHANNEL) return;
    const notices = decodeNotices(message.payload);
    // Something changed, but what is unknown (a newer writer's format?): read everything again.
    if (notices) this.pending.push(...notices);
    else this.reloadWanted = true;
    this.kick();
  }

  /** One reader at a time, so changes are handed over in the order they were committed. */
  private kick(): void {
    if (this.working || this.stopped || this.readTimer) return;
    this.working = this.work().finally(() => {
      this.working = undefined;
      if (this.reloadWanted || this.pending.length > 0) this.kick();
      else this.deliverEvents();
    });
  }

  private deliverEvents(): void {
    for (const payload of this.pendingEvents.splice(0)) {
      if (payload === EVENTS_LOST) this.source.eventsLost?.();
      else this.source.event?.(payload);
    }
  }

  private async work(): Promise<void> {
    while (!this.stopped && (this.reloadWanted || this.pending.length > 0)) {
      try {
        if (this.reloadWanted) {
          this.reloadWanted = false;
          // The snapshot is read after these arrived, so it already holds what they name.
          this.pending = [];
          const reload = await this.source.reload();
          if (this.stopped) return;
          this.onChange(reload);
          // What this instance committed during the read stays as memory holds it; reading it back
          // once more catches a later change by another instance that the snapshot already held.
          for (const id of reload.committedMeanwhile?.ids ?? []) this.pending.push({ op: 'upsert', id });
          for (const name of reload.committedMeanwhile?.reserved ?? []) this.pending.push({ op: 'reserved', name });
        } else {
          const changes = await this.source.refresh(this.pending.splice(0));
          if (!this.stopped) for (const change of changes) this.onChange(change);
        }
        this.readDelay = FIRST_RETRY_MS;
      } catch (error) {
        if (this.stopped) return;
        // What was asked for is lost: read everything again once the database answers.
        this.reloadWanted = true;
        this.warn(`PostgreSQL change listener: cannot read changes (${this.source.describe(error)}); retrying in ${this.readDelay} ms`);
        this.readTimer = setTimeout(() => {
          this.readTimer = undefined;
          this.kick();
        }, this.readDelay);
        this.readDelay = Math.min(this.readDelay * 2, LAST_RETRY_MS);
        return;
      }
    }
  }
}
