import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { LatencyHistogram } from './latency-histogram.js';

/** Methods that change nothing: a successful one is counted in the summary instead of logged. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestLogSettings {
  /** Request lines and the summary are written at info: below it (warn, error, ...), nothing is done per request. */
  enabled: boolean;
  /** A line per request, as Fastify writes them ("incoming request", "request completed"): LOG_LEVEL debug or trace. */
  everyRequest: boolean;
  /** LOG_SLOW_REQUEST_MS: a read that took this long gets its own line. */
  slowMs: number;
}

interface SummaryEntry {
  method: string;
  route: string;
  status: number;
  latency: LatencyHistogram;
}

/** Where reads answered without a matched route are counted. */
const NO_ROUTE = {};

/** The small numbers a read method is counted under, beside its status. */
const READ_METHOD_CODES: Readonly<Record<string, number>> = { GET: 0, HEAD: 1, OPTIONS: 2 };

/**
 * Counts of successful reads per method, route pattern and status, with latency percentiles, logged
 * as one info line per interval (and at shutdown) when there were any. The route is the pattern
 * (`/api/connectors/:name`), never the URL: no name, query value or credential reaches the line.
 * Counted under the route's own config object and a number, so that a read costs no string building.
 */
export class ReadSummary {
  private entries = new Map<object, Map<number, SummaryEntry>>();
  private since = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs).unref();
  }

  /** `route`: the matched route's config (one object per route), whose `url` is its pattern. */
  record(route: { url?: string }, method: string, status: number, ms: number): void {
    let byStatus = this.entries.get(route);
    if (byStatus === undefined) this.entries.set(route, (byStatus = new Map<number, SummaryEntry>()));
    const key = status * 4 + (READ_METHOD_CODES[method] ?? 3);
    let entry = byStatus.get(key);
    if (entry === undefined) byStatus.set(key, (entry = { method, route: route.url ?? '(no route)', status, latency: new LatencyHistogram() }));
    entry.latency.record(ms);
  }

  /** Logs what was counted since the last line, if anything, and starts counting afresh. */
  flush(): void {
    const now = Date.now();
    if (this.entries.size > 0) {
      const requests = [...this.entries.values()]
        .flatMap((byStatus) => [...byStatus.values()])
        .sort((a, b) => b.latency.count - a.latency.count)
        .map(({ method, route, status, latency }) => ({
          method,
          route,
          status,
          count: latency.count,
          p50Ms: round(latency.quantile(0.5)),
          p99Ms: round(latency.quantile(0.99)),
          maxMs: round(latency.max),
        }));
      const total = requests.reduce((sum, entry) => sum + entry.count, 0);
      this.log.info(
        { summary: { seconds: round((now - this.since) / 1000), reads: total, requests } },
        `${total} successful reads in the last ${Math.round((now - this.since) / 1000)} s`,
      );
    }
    this.entries = new Map();
    this.since = now;
  }

  /** At shutdown: the last counts are logged, nothing more is scheduled. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Fastify's request logging at the default level without a log line per read on the hot path
 * (DESIGN.md, Conventions): writes, 4xx and 5xx answers, failed and slow requests each get their
 * "request completed" line (method and masked URL included, as there is no "incoming request" line
 * before it); successful reads are counted in the ReadSummary. At debug and trace every request is
 * logged as Fastify does by default. Fastify's LogController is the documented place to change its
 * request lines; every other line it writes (404s, stream errors) is left as it is.
 */
export class RequestLogController extends LogController {
  constructor(
    private readonly settings: RequestLogSettings,
    private readonly summary: ReadSummary,
  ) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.settings.everyRequest) super.incomingRequest(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.settings.everyRequest) return super.requestCompleted(error, request, reply);
    const ms = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: ms }, 'request errored');
      return;
    }
    if (!this.settings.enabled) return;
    const status = reply.statusCode;
    if (status >= 400 || ms >= this.settings.slowMs || !READ_METHODS.has(request.method)) {
      reply.log.info({ req: request, res: reply, responseTime: ms }, 'request completed');
      return;
    }
    this.summary.record(request.routeOptions.config ?? NO_ROUTE, request.method, status, ms);
  }
}
