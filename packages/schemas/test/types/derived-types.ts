// The payload types of @switchboard/schemas are derived from the schema constants (FromSchema).
// This file pins what consumers see: if a schema changes a field's name, type or optionality, the
// derived type changes and an assertion below stops compiling; values the schema refuses are type
// errors too. Compiled, never run.
import type {
  AuditEntry,
  AuditPage,
  ConnectionTestResult,
  ConnectionTestResults,
  ConnectionTestSummary,
  ConnectorTypeInfo,
  ConsoleConfig,
  ConnectorTypesResponse,
  ElizaConnectorsResponse,
  ElizaError,
  ElizaPutConnectorRequest,
  FromSchema,
  HealthResponse,
  IlertConnector,
  IlertConnectorInput,
  IlertConnectorType,
  IlertError,
  IlertPagingQuery,
  JsonSchema,
  ReadyResponse,
  SecretField,
  WhoAmIResponse,
} from '@switchboard/schemas';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when its argument is `true`. */
function expectType<_ extends true>(): void {}

expectType<Equal<ElizaConnectorsResponse, { connectors: Record<string, Record<string, unknown>> }>>();
expectType<Equal<ElizaPutConnectorRequest, { name: string; config: Record<string, unknown> }>>();
expectType<Equal<ElizaError, { error: string }>>();

expectType<Equal<IlertConnector, { id: string; type: string; name: string; createdAt: string; updatedAt: string; params: Record<string, unknown> }>>();
expectType<
  Equal<IlertConnectorInput, { name: string; type: string; params?: Record<string, unknown> | null; id?: string; createdAt?: string; updatedAt?: string }>
>();
expectType<Equal<IlertError, { status: number; message: string; code: string }>>();
expectType<Equal<IlertPagingQuery, { 'start-index'?: number; 'max-results'?: number }>>();
expectType<Equal<Extract<IlertConnectorType, 'microsoft_teams_bot' | 'google_chat_bot' | 'jira'>, 'microsoft_teams_bot' | 'google_chat_bot' | 'jira'>>();
expectType<Equal<Extract<IlertConnectorType, 'telegram'>, never>>();

expectType<Equal<SecretField, { field: string; redact: 'full' | 'segments' | 'url' | 'last4' }>>();
expectType<
  Equal<
    ConnectorTypeInfo<'telegram'>,
    {
      type: 'telegram';
      aliases: string[];
      displayName: string;
      description: string;
      docsUrl: string | null;
      secretFields: SecretField[];
      connectionTest: boolean;
      schema: JsonSchema;
    }
  >
>();
expectType<Equal<ConnectorTypesResponse['connectorTypes'][number]['type'], string>>();
expectType<Equal<HealthResponse, { status: 'ok' }>>();
expectType<Equal<ReadyResponse, { status: 'ready' | 'not ready'; store: string; connectors: number; reason?: string }>>();

expectType<Equal<WhoAmIResponse, { keyId: string; permissions: ('read' | 'write' | 'reveal' | 'audit')[]; keysRequired: boolean }>>();
type Status = 'ok' | 'auth_failed' | 'unreachable' | 'timeout' | 'blocked' | 'platform_error' | 'not_supported' | 'invalid_config';
expectType<Equal<ConnectionTestResult, { ok: boolean; status: Status; message: string; identity: string | null; checkedAt: string; durationMs: number }>>();
expectType<Equal<ConnectionTestResults, { results: Record<string, ConnectionTestResult> }>>();
expectType<
  Equal<
    ConnectionTestSummary,
    {
      checkedAt: string;
      durationMs: number;
      total: number;
      ok: number;
      failed: number;
      counts: { [S in Status]?: number };
      results: { id: string; name: string; type: string; result: ConnectionTestResult }[];
    }
  >
>();
expectType<
  Equal<
    AuditEntry,
    {
      at: string;
      actor: string;
      surface: 'eliza' | 'ilert' | 'internal';
      action: 'create' | 'update' | 'delete' | 'test';
      connector: { id: string | null; name: string; type: string | null };
      previousName?: string;
      fields: string[];
      fieldsOmitted?: number;
      outcome?: string;
      unsaved?: boolean;
      revision?: number;
      restoredFrom?: number;
    }
  >
>();
expectType<Equal<ConsoleConfig, { ilertPrefix: string }>>();
expectType<Equal<AuditPage, { entries: AuditEntry[]; nextCursor?: string }>>();

// The mapping itself, on the keywords it covers.
expectType<Equal<FromSchema<{ type: ['string', 'null'] }>, string | null>>();
expectType<Equal<FromSchema<{ const: 'x' }>, 'x'>>();
expectType<Equal<FromSchema<{ anyOf: [{ type: 'integer' }, { type: 'boolean' }] }>, number | boolean>>();
expectType<Equal<FromSchema<{ type: 'array'; items: { enum: ['a', 'b'] } }>, ('a' | 'b')[]>>();
expectType<Equal<FromSchema<{ type: 'object'; additionalProperties: { type: 'number' } }>, Record<string, number>>>();
expectType<Equal<FromSchema<{ not: { const: '' } }>, unknown>>();

// Values the schemas refuse do not type-check either.
// @ts-expect-error `config` is required
export const noConfig: ElizaPutConnectorRequest = { name: 'telegram' };
// @ts-expect-error `params` must be an object or null
export const listParams: IlertConnectorInput = { name: 'ops', type: 'jira', params: [] };
// @ts-expect-error status is an enum
export const unknownStatus: ReadyResponse = { status: 'busy', store: 'file', connectors: 0 };
// @ts-expect-error redact is an enum
export const unknownRule: SecretField = { field: 'token', redact: 'half' };
