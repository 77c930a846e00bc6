import { Controller, Get, Inject, type OnModuleDestroy, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { ApiKeyProtected, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import type { ChangeEvent } from './change-event.js';
import type { EventHub } from './event-hub.js';

export const DEFAULT_HEARTBEAT_MS = 15_000;

/** How the change feed streams: EVENTS_HEARTBEAT_MS. */
export class ChangeFeedSettings {
  constructor(readonly heartbeatMs: number = DEFAULT_HEARTBEAT_MS) {}
}

/** A subscriber this far behind (bytes not yet taken by its connection) is dropped; it resumes with Last-Event-ID. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

function frame(event: ChangeEvent): string {
  return `id: ${event.id}\nevent: ${event.action}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Tells the client to reload everything; the id, when known, is what the reload covers, so its next resume starts there. */
function resetFrame(resumeAfter: number | undefined): string {
  const id = resumeAfter === undefined ? '' : `id: ${resumeAfter}\n`;
  return `${id}event: reset\ndata: {"reason":"the events after Last-Event-ID are not all known here: reload everything"}\n\n`;
}

/** The change feed: server-sent events of every connector change and test, from every instance. */
@Controller('api/events')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.history)
@ApiKeyProtected('eliza')
export class EventsController implements OnModuleDestroy {
  private readonly hub: EventHub;
  private readonly open = new Set<() => void>();

  constructor(
    connectors: ConnectorService,
    @Inject(ChangeFeedSettings) private readonly settings: ChangeFeedSettings,
  ) {
    if (!connectors.history) throw new Error('EventsController needs a ConnectorService with history');
    this.hub = connectors.history.hub;
  }

  @Get()
  @RequirePermission('read')
  @ApiOperation({
    operationId: 'changeFeed',
    summary: 'Server-sent events: connectors created, updated, deleted and tested',
    description:
      'A `text/event-stream` that stays open. Each event: `id` (send it back as `Last-Event-ID` to resume), `event` (`created`, `updated`, `deleted`, `tested`), and `data`, a JSON object: `connector` (id, name, type), `revision`, `fields` (changed field paths, never values), `keyId` (who), `at`, `restoredFrom`, `outcome` (tests). Events come from every instance sharing the store and from edits of the config file outside Switchboard. ' +
      'Resume: events after `Last-Event-ID` are replayed while still among the newest EVENTS_WINDOW (default 1000) this instance holds; an older or unknown id, or one this instance cannot prove is the newest (it has kept no event since it started and the store has issued later ones), gets a `reset` event (reload everything; its `id`, when present, is where to resume after the reload). A comment line every EVENTS_HEARTBEAT_MS (default 15 s) keeps proxies from closing the stream. An EventSource cannot send an API key header: use fetch with the header and read the body as a stream.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received: resume after it' })
  @ApiOkResponse({ description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  subscribe(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // A raw reply: the answer is a stream that outlives the handler, which a returned value cannot be.
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    const send = (text: string): void => {
      if (raw.writableLength > MAX_BACKLOG_BYTES) return close();
      raw.write(text);
    };
    const lastId = lastEventIdOf(request);
    // Events published while the resumption is worked out wait here, so none is lost or sent twice.
    let waiting: ChangeEvent[] | undefined = lastId === undefined ? undefined : [];
    const unsubscribe = this.hub.subscribe(
      (event) => (waiting ? waiting.push(event) : send(frame(event))),
      () => send(resetFrame(undefined)),
    );
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.settings.heartbeatMs);
    heartbeat.unref();
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      this.open.delete(close);
      raw.end();
    };
    if (lastId !== undefined) {
      void this.hub.after(lastId).then((resumed) => {
        if (closed) return;
        if ('gone' in resumed) send(resetFrame(resumed.resumeAfter));
        else for (const event of resumed.events) send(frame(event));
        const later = waiting ?? [];
        waiting = undefined;
        for (const event of later) send(frame(event));
      });
    }
    this.open.add(close);
    raw.on('close', close);
  }

  /** Ends every stream before the server closes, or shutdown would wait for the subscribers to leave. */
  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}

/** The id to resume after; NaN for one that is not an event id (never in the window: the client is told to reload). */
function lastEventIdOf(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}
