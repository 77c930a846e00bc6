import type { OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactConfig } from '@switchboard/sdk';
import { ConnectorService } from '../connectors/connector.service.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { MapBody } from './map-body.js';

/** Headers, by lower-case name, that every answer of the host carries (its security headers). */
export type AnswerHeaders = Readonly<Record<string, string>>;

/** Injection token of the AnswerHeaders the Eliza answers add themselves (they are written past onSend). */
export const ELIZA_ANSWER_HEADERS = Symbol('ELIZA_ANSWER_HEADERS');

export interface ElizaBody {
  identity: Buffer;
  /** The same answer gzip-compressed, made at most once per revision, on first demand. */
  gzip(): Buffer;
}

/**
 * The redacted `{"connectors": {...}}` answer, serialised once per registry revision: reads cost a
 * buffer send, writes invalidate it. Each record's `"name":{...}` fragment is kept, UTF-8 encoded,
 * per record object (records are frozen and replaced on change), so a write re-redacts only what it
 * changed, and the next revision's bytes reuse this one's (MapBody).
 */
@Injectable()
export class ElizaViewService {
  private cached: { revision: number; map: MapBody; body: ElizaBody } | undefined;
  private readonly fragments = new WeakMap<ConnectorRecord, Buffer>();

  constructor(private readonly connectors: ConnectorService) {}

  body(): ElizaBody {
    const registry = this.connectors.registry;
    if (this.cached?.revision !== registry.revision) {
      const reserved = [...registry.reservedEntries()].map(([name, value]) => Buffer.from(`${JSON.stringify(name)}:${JSON.stringify(redactConfig(value))}`));
      const map = MapBody.build(reserved, registry.list(), (record) => this.fragmentOf(record), this.cached?.map);
      this.cached = { revision: registry.revision, map, body: map === this.cached?.map ? this.cached.body : bodyOf(map.bytes) };
    }
    return this.cached.body;
  }

  private fragmentOf(record: ConnectorRecord): Buffer {
    let fragment = this.fragments.get(record);
    if (fragment === undefined) {
      fragment = Buffer.from(`${JSON.stringify(record.name)}:${JSON.stringify(this.connectors.redacted(record))}`);
      this.fragments.set(record, fragment);
    }
    return fragment;
  }
}

function bodyOf(identity: Buffer): ElizaBody {
  let gzip: Buffer | undefined;
  return { identity, gzip: () => (gzip ??= gzipSync(identity)) };
}

/** True when Accept-Encoding lists gzip (or `*`) with a q-value above zero. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

const MIN_GZIP_BYTES = 1024;

/** Gzip when the client takes it and the body is worth it. */
function choosePayload(body: ElizaBody, request: FastifyRequest): { payload: Buffer; gzip: boolean } {
  const gzip = body.identity.length >= MIN_GZIP_BYTES && acceptsGzip(request.headers['accept-encoding']);
  return { payload: gzip ? body.gzip() : body.identity, gzip };
}

/**
 * The one writer of the map: precompressed for clients that accept gzip (the Go client and Terraform
 * always do; compressing once per revision instead of per request, bench/FINDINGS.md), written straight
 * to the socket, for the controller and its fast paths alike (eliza-fast-paths.ts). It skips Fastify's
 * send path and the route's onSend hooks, whose only work here was @fastify/compress deciding to leave
 * a precompressed body alone, a cost worth skipping on the hottest read (bench/FINDINGS.md).
 * Skipping onSend also skips the host's security headers, so they come in as `answerHeaders`, added
 * under the same rule as the host's onSend hook: a header a hook already set (CORS, rate-limit
 * counters) is kept. onResponse hooks and the request log still run (Fastify listens for the
 * response's end before onRequest).
 */
export function elizaBodyWriter(answerHeaders: AnswerHeaders): (body: ElizaBody, request: FastifyRequest, reply: FastifyReply) => void {
  // Each payload's head, built once per payload rather than per request (a measurable share of the
  // GET: bench/FINDINGS.md). Only a request a hook set headers on gets its own copy.
  const heads = new WeakMap<Buffer, OutgoingHttpHeaders>();
  return (body, request, reply) => {
    const { payload, gzip } = choosePayload(body, request);
    let head = heads.get(payload);
    if (head === undefined) heads.set(payload, (head = { ...answerHeaders, ...contentHeaders(payload, gzip) }));
    const setByHooks = reply.getHeaders();
    if (hasKeys(setByHooks)) head = { ...answerHeaders, ...(setByHooks as OutgoingHttpHeaders), ...contentHeaders(payload, gzip) };
    reply.hijack();
    reply.raw.writeHead(200, head);
    reply.raw.end(payload);
  };
}

function contentHeaders(payload: Buffer, gzip: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding', 'content-length': payload.length };
  if (gzip) headers['content-encoding'] = 'gzip';
  return headers;
}

function hasKeys(headers: object): boolean {
  for (const _ in headers) return true;
  return false;
}
