import type {
  AuditPage,
  ConnectionTestResult,
  ConnectionTestResults,
  ConsoleConfig,
  ElizaConnectorsResponse,
  IlertConnector,
  IlertConnectorInput,
  WhoAmIResponse,
} from '@switchboard/schemas';
import { ILERT_REDACT_HEADER } from '@switchboard/schemas';
import { storeApiKey, storedApiKey } from './api-key.js';

/** The server could not be reached (network down, server stopped). */
export class ConnectionLostError extends Error {}

/** 401: no key, or a wrong one. */
export class KeyRequiredError extends Error {}

/** Any other 4xx/5xx, with the surface's message (which names the field, never a value). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let apiKey: string | undefined = storedApiKey();

export function setApiKey(key: string | undefined): void {
  apiKey = key;
  storeApiKey(key);
}

export function hasApiKey(): boolean {
  return apiKey !== undefined;
}

/** The key as a request header (empty without a key): for calls that do not go through request(). */
export function authHeaders(): Record<string, string> {
  return apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
}

/**
 * One call to the API on this origin; JSON in and out, the key as a Bearer token. Every call asks for
 * redacted answers: the ilert surface would otherwise answer a `reveal` key's list, create and update
 * with stored secrets in clear, and no stored secret may reach the page.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', [ILERT_REDACT_HEADER]: 'true' };
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ConnectionLostError('The connection to Switchboard was lost.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status === 401) throw new KeyRequiredError(messageOf(json) ?? 'Unauthorized');
  if (!response.ok) throw new ApiError(response.status, messageOf(json) ?? `HTTP ${response.status}`);
  return json as T;
}

/** The Eliza surface says `{error}`, the ilert surface `{message}`. */
function messageOf(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const { error, message } = json as { error?: unknown; message?: unknown };
  return typeof error === 'string' ? error : typeof message === 'string' ? message : undefined;
}

// The payloads' types are published by @switchboard/schemas (derived from their JSON Schemas).
export type { AuditEntry, ConnectionTestResult as TestResult, ConsoleConfig, Permission, WhoAmIResponse as WhoAmI } from '@switchboard/schemas';

export const api = {
  config: () => request<ConsoleConfig>('GET', '/ui/config.json'),
  whoAmI: () => request<WhoAmIResponse>('GET', '/api/whoami'),
  elizaMap: () => request<ElizaConnectorsResponse>('GET', '/api/connectors'),
  ilertPage: (prefix: string, start: number, max: number) =>
    request<IlertConnector[]>('GET', `${prefix}/api/connectors?start-index=${start}&max-results=${max}`),
  create: (prefix: string, body: IlertConnectorInput) => request<IlertConnector>('POST', `${prefix}/api/connectors`, body),
  update: (prefix: string, id: string, body: IlertConnectorInput) => request<IlertConnector>('PUT', `${prefix}/api/connectors/${encodeURIComponent(id)}`, body),
  remove: (prefix: string, id: string) => request<void>('DELETE', `${prefix}/api/connectors/${encodeURIComponent(id)}`),
  audit: (limit: number) => request<AuditPage>('GET', `/api/audit?limit=${limit}`),
  testSaved: (name: string) => request<ConnectionTestResult>('POST', `/api/connectors/${encodeURIComponent(name)}/test`),
  lastTest: (name: string) => request<ConnectionTestResult>('GET', `/api/connectors/${encodeURIComponent(name)}/test`),
  lastTests: () => request<ConnectionTestResults>('GET', '/api/connectors/test'),
  testUnsaved: (type: string, config: Record<string, unknown>, name?: string) =>
    request<ConnectionTestResult>('POST', `/api/connector-types/${encodeURIComponent(type)}/test`, { config, name }),
};
