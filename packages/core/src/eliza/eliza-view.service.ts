import type { OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactConfig } from '@switchboard/sdk';
import { ConnectorService } from '../connectors/connector.service.js';
import type { ConnectorRecord } from '../registry/connector-record.js';

export interface ElizaBody {
  identity: Buffer;
  /** The same answer gzip-compressed, made at most once per revision, on first demand. */
  gzip(): Buffer;
}

const OPEN = Buffer.from('{"connectors":{');
const CLOSE = Buffer.from('}}');
const COMMA = 0x2c;

/**
 * The redacted `{"connectors": {...}}` answer, serialised once per registry revision: reads cost a
 * buffer send, writes invalidate it. Each record's `"name":{...}` fragment is kept, UTF-8 encoded,
 * per record object (records are frozen and replaced on change), so a write re-redacts only what it
 * changed, and a new revision is one copy of the fragments into one buffer (joining strings and
 * encoding the result took ~10x longer: ~2.5 ms for 1,000 connectors, paid by every write batch).
 */
@Injectable()
export class ElizaViewService {
  private cached: { revision: number; body: ElizaBody } | undefined;
  private readonly fragments = new WeakMap<ConnectorRecord, Buffer>();

  constructor(private readonly connectors: ConnectorService) {}

  body(): ElizaBody {
    const registry = this.connectors.registry;
    if (this.cached?.revision !== registry.revision) {
      const identity = joinEntries(this.entries());
      let gzip: Buffer | undefined;
      this.cached = { revision: registry.revision, body: { identity, gzip: () => (gzip ??= gzipSync(identity)) } };
    }
    return this.cached.body;
  }

  private entries(): Buffer[] {
    const registry = this.connectors.registry;
    const entries: Buffer[] = [];
    for (const [name, value] of registry.reservedEntries()) entries.push(Buffer.from(`${JSON.stringify(name)}:${JSON.stringify(redactConfig(value))}`));
    for (const record of registry.list()) {
      let fragment = this.fragments.get(record);
      if (fragment === undefined) {
        fragment = Buffer.from(`${JSON.stringify(record.name)}:${JSON.stringify(this.connectors.redacted(record))}`);
        this.fragments.set(record, fragment);
      }
      entries.push(fragment);
    }
    return entries;
  }
}

/** `{"connectors":{` + the entries, comma-separated + `}}`, copied once into a buffer of the exact size. */
function joinEntries(entries: readonly Buffer[]): Buffer {
  let size = OPEN.length + CLOSE.length + Math.max(0, entries.length - 1);
  for (const entry of entries) size += entry.length;
  const out = Buffer.allocUnsafe(size);
  out.set(OPEN, 0);
  let at = OPEN.length;
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) out[at++] = COMMA;
    out.set(entries[i], at);
    at += entries[i].length;
  }
  out.set(CLOSE, at);
  return out;
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
 * Sends the map, precompressed for clients that accept gzip (the Go client and Terraform always
 * do): compressing the map on every request cut read throughput several times (bench/FINDINGS.md).
 */
export function sendElizaBody(body: ElizaBody, request: FastifyRequest, reply: FastifyReply): void {
  const { payload, gzip } = choosePayload(body, request);
  void reply.status(200).header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (gzip) void reply.header('content-encoding', 'gzip');
  void reply.send(payload);
}

/**
 * The same answer, written straight to the socket from an onRequest hook (the fast read). It skips
 * Fastify's send path and the route's onSend hooks, whose only work here was @fastify/compress
 * deciding to leave a precompressed body alone (~20% of the CPU of this read). Headers set by the
 * hooks before it (security headers, rate-limit counters) go out as they are; onResponse hooks and
 * the request log still run (Fastify listens for the response's end before onRequest).
 */
export function writeElizaBody(body: ElizaBody, request: FastifyRequest, reply: FastifyReply): void {
  const { payload, gzip } = choosePayload(body, request);
  const headers = reply.getHeaders();
  headers['content-type'] = 'application/json; charset=utf-8';
  headers.vary = 'accept-encoding';
  headers['content-length'] = payload.length;
  if (gzip) headers['content-encoding'] = 'gzip';
  reply.hijack();
  reply.raw.writeHead(200, headers as OutgoingHttpHeaders);
  reply.raw.end(payload);
}
