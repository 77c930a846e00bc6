import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { DOCS_PATH } from '../openapi.js';
import { WEB_CONSOLE_PATH } from '../web-console.js';

/**
 * Security headers of the docs page (helmet): its CSP lets Swagger UI work from its own same-origin
 * assets (scripts are files, styles partly inline, icons data: URIs). No upgrade-insecure-requests:
 * the default listener is plain HTTP on loopback.
 */
export const DOCS_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  // A page of another site must not frame ours (CSP frame-ancestors, and this for old browsers).
  frameguard: { action: 'deny' },
  // See API_SECURITY_HEADERS: the listener is plain HTTP, where HSTS must not be sent.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Security headers of the web console (/ui/): helmet's document set with a CSP that allows only the
 * console's own files — no inline scripts or styles, no eval (its form validators are precompiled),
 * calls to this origin only. React sets styles through the DOM (CSSOM), which style-src does not block.
 */
export const CONSOLE_HELMET_OPTIONS: HelmetOptions = {
  ...DOCS_HELMET_OPTIONS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
};

/**
 * helmet's headers for the given options (DOCS_HELMET_OPTIONS by default), computed once at boot:
 * with these options they do not depend on the request, and running helmet's middleware per request
 * is a large share of the Eliza read (figures: bench/FINDINGS.md). helmet stays the source of their values.
 */
export function docsSecurityHeaders(options: HelmetOptions = DOCS_HELMET_OPTIONS): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

/**
 * Security headers of every API answer (JSON: data and errors): the set OWASP's REST Security Cheat
 * Sheet gives for API responses, plus Cross-Origin-Resource-Policy, which stops a page of another
 * origin from loading an answer with a no-cors request (a <script src> at the loopback API of
 * keyless mode). The document-only headers helmet adds (COOP, Origin-Agent-Cluster, DNS prefetch,
 * X-Download-Options, ...) protect HTML pages; an answer nothing renders gains nothing from them, and
 * each header is per-request work on the hottest read (bench/FINDINGS.md). `default-src 'none'`: a JSON answer
 * opened in a browser loads nothing. No Strict-Transport-Security: Switchboard listens on plain HTTP,
 * and RFC 6797 (7.2) forbids sending it over a non-secure transport; it is a policy for a whole host
 * (and, with includeSubDomains, its subdomains), which the TLS terminator in front sets.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Whether a URL is `path` or under it: the docs page and the web console get document headers; all else is API. */
function isUnder(url: string, path: string): boolean {
  return url.startsWith(path) && (url.length === path.length || '/?'.includes(url[path.length]));
}

/** Headers by lower-case name, as an answer carries them. */
export type SecurityHeaders = Readonly<Record<string, string>>;

/**
 * The one rule for which security headers an answer carries: the docs page and the web console get
 * their document sets, everything else (JSON data and errors) API_SECURITY_HEADERS. Every writer of an
 * answer takes its headers from here: the onSend hook below, the router's error answers
 * (framework-errors.ts) and the Eliza fast paths, which write past onSend.
 */
export function securityHeadersRule(): (url: string) => SecurityHeaders {
  const docsHeaders = docsSecurityHeaders();
  const consoleHeaders = docsSecurityHeaders(CONSOLE_HELMET_OPTIONS);
  return (url) => (isUnder(url, DOCS_PATH) ? docsHeaders : isUnder(url, WEB_CONSOLE_PATH) ? consoleHeaders : API_SECURITY_HEADERS);
}

/**
 * Adds the rule's headers to every answer sent through Fastify. onSend, not onRequest: it reaches
 * every answer, whichever hook or handler gave it, and it keeps a header a route set itself; the
 * fast paths, which write past onSend, apply the same rule themselves rather than find the headers
 * set in onRequest, which costs their GET (bench/FINDINGS.md).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, headersFor: (url: string) => SecurityHeaders): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const headers = headersFor(request.url);
    for (const name in headers) if (!reply.hasHeader(name)) void reply.header(name, headers[name]);
    done(null, payload);
  });
}
