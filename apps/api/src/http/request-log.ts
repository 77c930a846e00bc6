import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { LatencyHistogram } from './latency-histogram.js';

/** Methods that change nothing: a successful one is counted in the summary instead of logged. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestLogSettings {
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

/**
 * Counts of successful reads per method, route pattern and status, with latency percentiles, logged
 * as one info line per interval (and at shutdown) when there were any. The route is the pattern
 * (`/api/connectors/:name`), never the URL: no name, query value or credential reaches the line.
 */
export class ReadSummary {
  private entries = new Map<string, SummaryEntry>();
  private since = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs).unref();
  }

  record(method: string, route: string, status: number, ms: number): void {
    const key = `${status} ${method} ${route}`;
    let entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, (entry = { method, route, status, latency: new LatencyHistogram() }));
    entry.latency.record(ms);
  }

  /** Logs what was counted since the last line, if anything, and starts counting afresh. */
  flush(): void {
    const now = Date.now();
    if (this.entries.size > 0) {
      const requests = [...this.entries.values()]
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
      this.log.info({ summary: { seconds: round((now - this.since) / 1000), reads: total, requests } }, `${total} successful reads in the last ${Math.round((now - this.since) / 1000)} s`);
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
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: ms }, 'request errored');
      return;
    }
    if (status >= 400 || ms >= this.settings.slowMs || !READ_METHODS.has(request.method)) {
      reply.log.info({ req: request, res: reply, responseTime: ms }, 'request completed');
      return;
    }
    this.summary.record(request.method, request.routeOptions.url ?? '(no route)', status, ms);
  }
}
