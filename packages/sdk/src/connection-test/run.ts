import type { ConnectorPlugin } from '../define-connector.js';
import {
  type ConnectionTestRequest,
  type ConnectionTestResponse,
  type ConnectionTestResult,
  type ConnectionTestStatus,
  type ConnectionTestVerdict,
  isCustomConnectionTest,
} from './declaration.js';
import { GuardedRequestError, guardedRequest } from './guarded-client.js';
import { planRequest, verdictOf } from './http-test.js';
import type { NetworkPolicy } from './network-policy.js';

export interface ConnectionTestSettings {
  policy: NetworkPolicy;
  /** Connector type -> origin replacing its public API origin (SWITCHBOARD_PLATFORM_URLS). */
  platformOrigins?: ReadonlyMap<string, string>;
  /** The whole test, resolution and redirects included (SWITCHBOARD_TEST_TIMEOUT_MS). */
  timeoutMs: number;
  /** Default 64 KiB: a "who am I" answer is small. */
  maxBodyBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  now?: () => Date;
}

export const DEFAULT_TEST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_MAX_REDIRECTS = 3;

/**
 * Runs a plugin's connection test on a config (already validated by the caller). Never throws for
 * anything the platform or the network does: every outcome is a result, and no result holds a
 * secret, a URL or the platform's body.
 */
export async function runConnectionTest(
  plugin: ConnectorPlugin,
  config: Readonly<Record<string, unknown>>,
  settings: ConnectionTestSettings,
): Promise<ConnectionTestResult> {
  const now = settings.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const finish = (status: ConnectionTestStatus, message: string, identity: string | null = null): ConnectionTestResult => ({
    ok: status === 'ok',
    status,
    message,
    identity,
    checkedAt: started.toISOString(),
    durationMs: Math.max(0, Math.round(performance.now() - startedMs)),
  });
  const test = plugin.test;
  if (!test) return finish('not_supported', `Switchboard has no connection test for ${plugin.displayName} yet`);

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('connection test timed out')), settings.timeoutMs);
  const client = {
    policy: settings.policy,
    maxBodyBytes: settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxRedirects: settings.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
  };
  const send = async (request: ConnectionTestRequest): Promise<ConnectionTestResponse> => {
    const response = await guardedRequest(
      { method: request.method, url: new URL(request.url), headers: { ...request.headers }, body: request.body },
      client,
      deadline.signal,
    );
    return { status: response.status, json: response.truncated ? undefined : parseJson(response.body) };
  };
  try {
    let verdict: ConnectionTestVerdict;
    if (isCustomConnectionTest(test)) {
      verdict = await test.run(config, send);
    } else {
      const plan = planRequest(test, config, settings.platformOrigins?.get(plugin.type));
      if ('invalid' in plan) return finish('invalid_config', `Cannot test ${plugin.displayName}: ${plan.invalid}`);
      verdict = verdictOf(test, await send({ ...plan.request, url: plan.request.url.href }), plugin.displayName);
    }
    if (verdict.status === 'ok') {
      const identity = verdict.identity ?? null;
      return finish('ok', verdict.message ?? `${plugin.displayName} accepted the credentials${identity ? ` of ${identity}` : ''}`, identity);
    }
    return finish(verdict.status, verdict.message);
  } catch (error) {
    if (error instanceof GuardedRequestError) return finish(error.kind, `${plugin.displayName}: ${error.message}`);
    if (deadline.signal.aborted) return finish('timeout', `${plugin.displayName}: no answer within the test's time limit`);
    // A custom test's own failure: its message may hold anything, so only its kind is told.
    return finish('platform_error', `${plugin.displayName}: the test failed (${error instanceof Error ? error.name : 'error'})`);
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
