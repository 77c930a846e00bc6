import { unknownTypeMessage } from '../catalog/catalog-route.js';
import {
  carriesMasks,
  type ConnectionTestResult,
  type ConnectionTestStatus,
  type ConnectorPlugin,
  isCustomConnectionTest,
  isPlainObject,
} from '@switchboard/sdk';
import { type ConnectionTestSettings, runConnectionTest } from '@switchboard/sdk/connection-test';
import type { ConnectionTestSummary } from '@switchboard/schemas';
import { type AuditActor, INTERNAL_ACTOR } from '../audit/audit-log.js';
import { assertPlainObject, type ConnectorService } from '../connectors/connector.service.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { testInputsOf } from './test-inputs.js';
import { type KeptTestResult, MemoryTestResultStore, type TestResultStore } from './test-result-store.js';

export interface ConnectionTestLog {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
}

export interface ConnectionTestServiceOptions {
  /** The network rules, platform origins and time limit every test runs under. */
  settings: ConnectionTestSettings;
  /** Where last results are kept; in memory when not given. */
  results?: TestResultStore;
  log?: ConnectionTestLog;
  /** Tests run at once by a test of every connector. Default 4. */
  concurrency?: number;
}

/** One connector's line in the answer to a test of every connector. */
// The summary's shape is published (@switchboard/schemas, POST /api/connectors/test): one declaration.
export type { ConnectionTestSummary };
export type ConnectorTestLine = ConnectionTestSummary['results'][number];

const DEFAULT_CONCURRENCY = 4;
const SILENT: ConnectionTestLog = { info: () => undefined, warn: () => undefined };

/**
 * Connection tests of stored and unsaved configs, the last result of each connector (kept through
 * a TestResultStore, dropped when the connector goes or its secrets change), the test of every
 * connector and its optional schedule. Every test the API asks for is audited; a scheduled run
 * records only the outcomes that changed.
 */
export class ConnectionTestService {
  /** What the kept results were made from, per connector id: their record version and test inputs. */
  private readonly tested = new Map<string, { version: number; inputs: string }>();
  private readonly results: TestResultStore;
  private readonly log: ConnectionTestLog;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private housekeeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectors: ConnectorService,
    private readonly options: ConnectionTestServiceOptions,
  ) {
    this.results = options.results ?? new MemoryTestResultStore();
    this.log = options.log ?? SILENT;
  }

  /**
   * Drops kept results whose connector is gone or changed while Switchboard was not running (another
   * version than the one tested), then follows the registry's changes.
   */
  async start(): Promise<void> {
    const registry = this.connectors.registry;
    const stale: string[] = [];
    for (const kept of await this.results.all()) {
      const record = registry.getById(kept.connectorId);
      if (!record || record.version !== kept.connectorVersion) stale.push(kept.connectorId);
      else this.tested.set(record.id, { version: record.version, inputs: this.inputsOf(record) });
    }
    await this.results.drop(stale);
    this.unsubscribe = registry.onChange(() => this.reconcile());
  }

  /** Runs a test of every stored connector every `intervalMs`, reporting the outcomes that changed. */
  schedule(intervalMs: number): void {
    this.timer = setInterval(() => {
      // A run still going when the next is due: that one is skipped, not stacked.
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.sweeping?.catch(() => undefined);
    await this.housekeeping;
    await this.results.close();
  }

  async testByName(rawName: unknown, actor: AuditActor): Promise<ConnectionTestResult> {
    return this.testRecord(this.recordNamed(rawName), actor);
  }

  async testById(id: string, actor: AuditActor): Promise<ConnectionTestResult> {
    const record = this.connectors.registry.getById(id);
    if (!record) throw new NotFoundError(`No connector with id "${id}"`);
    return this.testRecord(record, actor);
  }

  async lastByName(rawName: unknown): Promise<ConnectionTestResult> {
    const record = this.recordNamed(rawName);
    const kept = await this.results.get(record.id);
    if (!kept || !this.isCurrent(kept, record))
      throw new NotFoundError(`Connector "${record.name}" has no test result: it was not tested since its secrets last changed`);
    return kept.result;
  }

  /** The last result of every connector that has a current one, by name (a list page shows them all at once). */
  async lastResults(): Promise<Record<string, ConnectionTestResult>> {
    const byName = Object.create(null) as Record<string, ConnectionTestResult>;
    for (const kept of await this.results.all()) {
      const record = this.connectors.registry.getById(kept.connectorId);
      if (record && this.isCurrent(kept, record)) byName[record.name] = kept.result;
    }
    return byName;
  }

  /**
   * A result of another version is valid only if this instance knows its inputs are unchanged (the
   * store is catching up with a change); otherwise it is being dropped, or another instance's test
   * predates a change made since.
   */
  private isCurrent(kept: KeptTestResult, record: ConnectorRecord): boolean {
    return kept.connectorVersion === record.version || this.tested.get(record.id)?.inputs === this.inputsOf(record);
  }

  /**
   * The Eliza surface's test of a config before it is saved: `type` from the path (unknown: 404),
   * body `{config, name?}`; masks are filled from the stored connector `name`.
   */
  async testUnsaved(rawType: string, body: unknown, actor: AuditActor): Promise<ConnectionTestResult> {
    const plugin = this.connectors.registry.catalog.resolve(rawType);
    if (!plugin) throw new NotFoundError(unknownTypeMessage(rawType, this.connectors.registry.catalog.closest(rawType)));
    if (!isPlainObject(body)) throw new InvalidInputError('Request body must be a JSON object with "config" and optionally "name"');
    const config = assertPlainObject(body.config, 'Missing connector config: "config" must be a JSON object');
    const record = given(body.name) ? this.recordNamed(body.name) : undefined;
    return this.testForm(plugin, config, record, actor);
  }

  /**
   * The ilert surface's test of a connector before it is saved: `type` and `params` as a create
   * takes them (unknown type: 400), masks filled from the stored connector `id` (unknown: 404).
   */
  async testUnsavedById(form: { type: unknown; params: Record<string, unknown>; id: unknown }, actor: AuditActor): Promise<ConnectionTestResult> {
    const plugin = this.connectors.pluginForType(form.type);
    let record: ConnectorRecord | undefined;
    if (given(form.id)) {
      if (typeof form.id !== 'string') throw new InvalidInputError('id must be a string: the id of the stored connector whose secrets fill masked params');
      record = await this.connectors.find({ id: form.id });
      if (!record) throw new NotFoundError(`No connector with id "${form.id}"`);
    }
    return this.testForm(plugin, form.params, record, actor);
  }

  /**
   * Tests a form of both surfaces. Masks in it are filled from the stored `record` (the round trip
   * of a form), and it is checked as a save would check it (the same 400s). Its result is not kept:
   * it is not the stored config's.
   */
  private async testForm(
    plugin: ConnectorPlugin,
    config: Record<string, unknown>,
    record: ConnectorRecord | undefined,
    actor: AuditActor,
  ): Promise<ConnectionTestResult> {
    if (record && this.connectors.pluginOf(record) !== plugin) {
      throw new InvalidInputError(`Connector "${record.name}" is a "${record.type}" connector, not "${plugin.type}": its secrets cannot fill this form`);
    }
    if (record && carriesMasks(config)) assertSameServer(plugin, config, record);
    const checked = this.connectors.checkedConfig(plugin, config, record?.config, record?.name ?? plugin.type);
    const result = await runConnectionTest(plugin, checked, this.options.settings);
    await this.audit(actor, { id: record?.id ?? null, name: record?.name ?? '', type: plugin.type }, result, true);
    return result;
  }

  /** Tests every stored connector, a few at a time; each test is audited. */
  async testAll(actor: AuditActor): Promise<ConnectionTestSummary> {
    const started = new Date();
    const startedMs = performance.now();
    const lines = await this.forEachConnector((record) => this.testRecord(record, actor));
    return summarise(lines, started, performance.now() - startedMs);
  }

  /** The scheduled run: every connector, logged and audited only where the outcome changed. */
  private async sweep(): Promise<void> {
    const lines = await this.forEachConnector(async (record) => {
      const before = (await this.results.get(record.id).catch(() => undefined))?.result.status;
      const result = await this.testRecord(record, undefined);
      if (before !== undefined && before !== result.status) {
        this.log.warn(
          { connector: { id: record.id, name: record.name, type: record.type }, from: before, to: result.status },
          `connection test of "${record.name}" changed: ${before} -> ${result.status}`,
        );
        await this.audit(INTERNAL_ACTOR, connectorOf(record), result, false);
      }
      return result;
    });
    const summary = summarise(lines, new Date(), 0);
    this.log.info({ total: summary.total, ok: summary.ok, counts: summary.counts }, 'scheduled connection tests done');
  }

  private async forEachConnector(test: (record: ConnectorRecord) => Promise<ConnectionTestResult>): Promise<ConnectorTestLine[]> {
    const records = [...this.connectors.registry.list()];
    const lines = new Array<ConnectorTestLine>(records.length);
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const i = next++;
        const record = records[i];
        lines[i] = { id: record.id, name: record.name, type: record.type, result: await test(record) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? DEFAULT_CONCURRENCY, records.length) }, worker));
    return lines;
  }

  /** Tests a stored config and keeps the result, unless the connector changed meanwhile. `actor` undefined: not audited. */
  private async testRecord(record: ConnectorRecord, actor: AuditActor | undefined): Promise<ConnectionTestResult> {
    const plugin = this.connectors.pluginOf(record);
    const result = plugin ? await runConnectionTest(plugin, record.config, this.options.settings) : notSupported(record.type);
    await this.keep(record, plugin, result);
    if (actor) await this.audit(actor, connectorOf(record), result, false);
    return result;
  }

  private async keep(tested: ConnectorRecord, plugin: ConnectorPlugin | undefined, result: ConnectionTestResult): Promise<void> {
    const current = this.connectors.registry.getById(tested.id);
    const inputs = testInputsOf(plugin, tested.config);
    if (!current || (current !== tested && testInputsOf(this.connectors.pluginOf(current), current.config) !== inputs)) return;
    this.tested.set(current.id, { version: current.version, inputs });
    try {
      await this.results.put({ connectorId: current.id, connectorVersion: current.version, result });
    } catch (error) {
      this.log.warn({ connector: connectorOf(current) }, `connection test result of "${current.name}" not kept: ${describe(error)}`);
    }
  }

  /**
   * After a committed change: a tested connector that is gone, or whose secrets or test inputs
   * changed, loses its result; one changed otherwise keeps it, marked with its new version.
   */
  private reconcile(): void {
    const registry = this.connectors.registry;
    const dropped: string[] = [];
    const renewed: ConnectorRecord[] = [];
    for (const [id, seen] of this.tested) {
      const record = registry.getById(id);
      if (record && record.version === seen.version) continue;
      const inputs = record && this.inputsOf(record);
      if (!record || inputs !== seen.inputs) {
        this.tested.delete(id);
        dropped.push(id);
      } else {
        this.tested.set(id, { version: record.version, inputs: seen.inputs });
        renewed.push(record);
      }
    }
    if (dropped.length === 0 && renewed.length === 0) return;
    this.housekeeping = this.housekeeping.then(async () => {
      try {
        await this.results.drop(dropped);
        for (const record of renewed) {
          const kept = await this.results.get(record.id);
          if (kept) await this.results.put({ ...kept, connectorVersion: record.version });
        }
      } catch (error) {
        this.log.warn({}, `connection test results not updated after a change: ${describe(error)}`);
      }
    });
  }

  private inputsOf(record: ConnectorRecord): string {
    return testInputsOf(this.connectors.pluginOf(record), record.config);
  }

  private recordNamed(rawName: unknown): ConnectorRecord {
    const name = this.connectors.normaliseName(rawName);
    const record = this.connectors.registry.getByName(name);
    if (!record) throw new NotFoundError(`No connector named "${name}"`);
    return record;
  }

  /** Audits a test and announces it on the change feed. */
  private async audit(
    actor: AuditActor,
    connector: { id: string | null; name: string; type: string },
    result: ConnectionTestResult,
    unsaved: boolean,
  ): Promise<void> {
    await this.connectors.history?.tested({ at: result.checkedAt, connector, keyId: actor.keyId, outcome: result.status });
    return this.connectors.audit.record({
      at: result.checkedAt,
      actor: actor.keyId,
      surface: actor.surface,
      action: 'test',
      connector,
      fields: [],
      outcome: result.status,
      ...(unsaved && { unsaved: true }),
    });
  }
}

/**
 * A stored secret filled into a form goes only where the stored config sends it: a form that moves
 * a self-hosted platform's address must carry the secret itself. Otherwise a key that may test but
 * not reveal could have a stored secret sent to a server of its choosing, without any change saved.
 */
function assertSameServer(plugin: ConnectorPlugin, config: Record<string, unknown>, record: ConnectorRecord): void {
  const test = plugin.test;
  if (!test || isCustomConnectionTest(test) || test.baseUrlField === undefined) return;
  const field = test.baseUrlField;
  if (originOf(config[field]) !== originOf(record.config[field])) {
    throw new InvalidInputError(
      `${field} differs from the one stored for "${record.name}": stored secrets are only sent to the stored ${field}; send the secret itself to test another server`,
    );
  }
}

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value.trim()).origin;
  } catch {
    return undefined;
  }
}

const connectorOf = (record: ConnectorRecord) => ({ id: record.id, name: record.name, type: record.type });

/** A form's optional field is set (a form sends "" or null for one left empty). */
const given = (value: unknown) => value !== undefined && value !== null && value !== '';

function notSupported(type: string): ConnectionTestResult {
  return {
    ok: false,
    status: 'not_supported',
    message: `Connector type "${type}" has no plugin loaded: a connection test needs the plugin of its type`,
    identity: null,
    checkedAt: new Date().toISOString(),
    durationMs: 0,
  };
}

function summarise(lines: ConnectorTestLine[], started: Date, durationMs: number): ConnectionTestSummary {
  const counts: Partial<Record<ConnectionTestStatus, number>> = {};
  for (const line of lines) counts[line.result.status] = (counts[line.result.status] ?? 0) + 1;
  const ok = counts.ok ?? 0;
  return { checkedAt: started.toISOString(), durationMs: Math.round(durationMs), total: lines.length, ok, failed: lines.length - ok, counts, results: lines };
}

/** A store failure's kind, never its text in full (a driver message may quote a query's values). */
function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}
