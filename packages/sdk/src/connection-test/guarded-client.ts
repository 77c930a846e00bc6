import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type TcpSocketConnectOpts } from 'node:net';
import type { PlannedRequest } from './http-test.js';
import { hostOf, type NetworkPolicy } from './network-policy.js';

export interface GuardedClientOptions {
  policy: NetworkPolicy;
  /** Bytes of a response body read at most; the rest is dropped (the answer counts as not JSON). */
  maxBodyBytes: number;
  /** Redirects followed at most, each checked like the first request. */
  maxRedirects: number;
  /** How a host name is resolved: the system's resolver (dns.lookup) unless given (a test's name with several addresses). Its answer is checked the same way. */
  resolveHost?: (host: string) => Promise<ResolvedAddress[]>;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface GuardedResponse {
  status: number;
  body: Buffer;
  /** The body was longer than maxBodyBytes. */
  truncated: boolean;
}

/**
 * Why a request did not get an answer. The message is for a person and names the host at most:
 * never the URL (a path may hold a token), a header or a body.
 */
export class GuardedRequestError extends Error {
  constructor(
    readonly kind: 'blocked' | 'unreachable' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'GuardedRequestError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Only these travel to another origin on a redirect: every other header may carry the credential.
const CROSS_ORIGIN_HEADERS = new Set(['accept', 'user-agent']);

/**
 * Sends one request the way every connection test must: the host is resolved here, every address it
 * resolves to is checked against the policy, and the connection goes only to the addresses that were
 * checked (so a second resolution cannot swap in another: DNS rebinding), each in turn until one
 * connects (a host whose IPv6 is broken is reached over IPv4). Redirects are followed by hand, each
 * hop checked again, and credentials are not sent to another origin. `signal` is the test's one deadline.
 */
export async function guardedRequest(request: PlannedRequest, options: GuardedClientOptions, signal: AbortSignal): Promise<GuardedResponse> {
  let url = request.url;
  let { method, body } = request;
  let headers: Record<string, string> = { ...request.headers };
  for (let hop = 0; ; hop++) {
    const response = await send(url, method, headers, body, options, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return read(response, options.maxBodyBytes, signal);
    response.destroy();
    if (hop >= options.maxRedirects) throw new GuardedRequestError('unreachable', `${hostOf(url)} redirected more than ${options.maxRedirects} times`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new GuardedRequestError('unreachable', `${hostOf(url)} redirected to an address that is not a URL`);
    }
    if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => CROSS_ORIGIN_HEADERS.has(name)));
    if (response.statusCode === 303 || (method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  options: GuardedClientOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GuardedRequestError('blocked', `only http and https addresses may be tested (got ${url.protocol})`);
  if (url.username || url.password) throw new GuardedRequestError('blocked', `${hostOf(url)}: addresses with credentials in them are not followed`);
  const host = hostOf(url);
  const addresses = await resolve(url, options, signal);
  const transport = url.protocol === 'https:' ? https : http;
  // autoSelectFamily is an http.request option Node documents and its types lack.
  const connection: RequestOptions & Pick<TcpSocketConnectOpts, 'autoSelectFamily'> = {
    host,
    // Node asks this for the host's addresses and tries them in turn (autoSelectFamily: the next one
    // when an attempt fails or stalls), so only the checked addresses are ever connected to.
    lookup: checkedLookup(addresses),
    autoSelectFamily: true,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method,
    headers: { ...headers, host: url.host, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) },
    // TLS checks the certificate against the name, not the address connected to.
    ...(isIP(host) === 0 && { servername: host }),
    agent: false,
    signal,
  };
  return new Promise<IncomingMessage>((resolvePromise, reject) => {
    const outgoing = transport.request(connection, resolvePromise);
    outgoing.on('error', (error) => reject(networkError(error, host, signal)));
    outgoing.end(body);
  });
}

/** The addresses to connect to, in the resolver's order: every address of the host allowed, or the host trusted by name. */
async function resolve(url: URL, options: GuardedClientOptions, signal: AbortSignal): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await abortable(options.resolveHost?.(host) ?? lookup(host, { all: true, verbatim: true }), signal);
    } catch (error) {
      throw networkError(error, host, signal);
    }
  }
  if (addresses.length === 0) throw new GuardedRequestError('unreachable', `cannot resolve ${host}`);
  if (!options.policy.trusts(url)) {
    const refused = addresses.find((entry) => !options.policy.allowsAddress(entry.address));
    if (refused) {
      throw new GuardedRequestError(
        'blocked',
        `${host} is a loopback, private or link-local address; tests do not connect there unless SWITCHBOARD_TEST_ALLOW_HOSTS or SWITCHBOARD_PLATFORM_URLS names it`,
      );
    }
  }
  return addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
}

/** A resolver for the socket that answers only the addresses already checked (it is never asked about another host). */
function checkedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

function read(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<GuardedResponse> {
  return new Promise<GuardedResponse>((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      resolvePromise({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), truncated });
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(networkError(error, '', signal));
    };
    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        done(true);
        // The rest is not wanted: the connection is dropped instead of read to its end.
        response.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => done(false));
    response.on('error', fail);
    response.on('aborted', () => fail(new Error('aborted')));
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

/** A network failure worded from its code only: Node's messages may quote addresses and ports, never more, but codes are enough. */
function networkError(error: unknown, host: string, signal: AbortSignal): GuardedRequestError {
  if (error instanceof GuardedRequestError) return error;
  if (signal.aborted) return new GuardedRequestError('timeout', `no answer${host ? ` from ${host}` : ''} within the test's time limit`);
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const at = host ? ` ${host}` : '';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return new GuardedRequestError('unreachable', `cannot resolve${at}`);
    case 'ECONNREFUSED':
      return new GuardedRequestError('unreachable', `connection to${at} refused`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new GuardedRequestError('unreachable', `connection to${at} closed before an answer`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GuardedRequestError('unreachable', `cannot reach${at}`);
    default:
      if (TLS_CODES.test(code)) return new GuardedRequestError('unreachable', `TLS connection to${at} failed: certificate not accepted (${code})`);
      return new GuardedRequestError('unreachable', `request to${at} failed${/^[A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : ''}`);
  }
}
