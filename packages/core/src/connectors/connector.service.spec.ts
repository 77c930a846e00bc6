import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { defineConnector, Secret } from '@switchboard/sdk';
import { IsOptional, IsString } from 'class-validator';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log.js';
import { ConnectorRegistry } from '../registry/connector-registry.js';
import { PluginCatalog } from '../registry/plugin-catalog.js';
import { ElizaFileStore } from '../store/file/eliza-file-store.js';
import { ConnectorService, type ConnectorServiceOptions } from './connector.service.js';

class NoteConfig {
  @IsOptional()
  @IsString()
  text?: string;
}
const note = defineConnector({ type: 'note', displayName: 'Note', config: NoteConfig });

class HookConfig {
  @Secret({ redact: 'url' })
  @IsOptional()
  @IsString()
  text?: string;
}
const hook = defineConnector({ type: 'hook', displayName: 'Hook', config: HookConfig });

describe('ConnectorService limits and audit trail (real file store)', () => {
  let dir: string;
  let registry: ConnectorRegistry;
  let audit: AuditLog;

  const open = async (options: ConnectorServiceOptions = {}) => {
    registry = await ConnectorRegistry.open(new ElizaFileStore(join(dir, 'milady.json')), new PluginCatalog([note, hook]));
    audit = AuditLog.inMemory();
    return new ConnectorService(registry, { audit, ...options });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-service-'));
  });
  afterEach(async () => {
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('bounds names by the configured length', async () => {
    const service = await open({ limits: { maxNameLength: 5 } });
    await service.putByName('abcde', {});
    await expect(service.putByName('abcdef', {})).rejects.toThrow(/limit of 5 characters \(MAX_NAME_LENGTH\)/);
    await expect(service.create({ name: 'abcdef', type: 'note', config: {} })).rejects.toMatchObject({ status: 400 });
    expect(() => service.normaliseName('  abcde  ')).not.toThrow();
  });

  it('refuses names starting with $, the runtime directives, on both surfaces', async () => {
    const service = await open();
    await expect(service.putByName(' $include', {})).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/starts with "\$"/) });
    await expect(service.create({ name: '$x', type: 'note', config: {} })).rejects.toMatchObject({ status: 400 });
    expect(registry.size).toBe(0);
  });

  it('redacts with the rules of the type and of the name, and takes back a mask served under either', async () => {
    const service = await open();
    const text = 'https://hooks.example.com/T/PLANTED';
    const record = await service.create({ name: 'hook', type: 'note', config: { text } });
    expect(service.redacted(record)).toEqual({ text: 'https://hooks.example.com/****/****' });
    await service.putByName('hook', { text: 'https://hooks.example.com/****/****' });
    expect(registry.getByName('hook')?.config).toEqual({ text });
    await expect(service.putByName('hook', { text: 'https://other.example.com/****/****' })).rejects.toMatchObject({ status: 400 });
    const renamed = await service.update(record.id, { name: 'plain', config: { text: 'https://hooks.example.com/****/****' } });
    expect(renamed.config).toEqual({ text });
    expect(service.redacted(renamed)).toEqual({ text });
  });

  it('refuses configs nested deeper than the limit with a 400 naming it, before anything walks them', async () => {
    const service = await open({ limits: { maxConfigDepth: 3 } });
    await service.putByName('ok', { a: { b: { c: 1 } } });
    const deep = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as Record<string, unknown>;
    await expect(service.putByName('deep', deep)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/more than 3 levels deep.*MAX_CONFIG_DEPTH/),
    });
    await expect(service.putByName('deep', { a: { b: { c: {} } } })).rejects.toMatchObject({ status: 400 });
    expect(registry.getByName('deep')).toBeUndefined();
  });

  it('refuses a creation past MAX_CONNECTORS (also within one batch), but not updates, deletes or defaults', async () => {
    const service = await open({ limits: { maxConnectors: 3 } });
    const outcomes = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((name) => service.putByName(name, { v: 1 })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({
      status: 409,
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/maximum of 3 connectors \(MAX_CONNECTORS\)/),
    });
    expect(registry.size).toBe(3);
    await service.putByName('a', { v: 2 });
    await service.putByName('defaults', { dmPolicy: 'open' });
    await expect(service.create({ name: 'f', type: 'note', config: {} })).rejects.toMatchObject({ status: 409 });
    await service.removeByName('a');
    await service.putByName('f', {});
    expect(registry.size).toBe(3);
  });

  it('records who changed which connector and which fields, never a value', async () => {
    const service = await open();
    const ops = { keyId: 'ops', surface: 'eliza' } as const;
    await service.putByName('chat', { token: 'PLANTED-1', nested: { a: 1 } }, ops);
    await service.putByName('chat', { token: 'PLANTED-2', nested: { a: 1 } }, ops);
    const record = registry.getByName('chat');
    await service.update(record!.id, { name: 'chat2', config: { token: 'PLANTED-2', nested: { a: 2 } } }, { keyId: 'tf', surface: 'ilert' });
    await service.remove(record!.id, { keyId: 'tf', surface: 'ilert' });
    await service.removeByName('absent', ops);
    await service.putByName('defaults', { dmPolicy: 'open' }, ops);
    await service.create({ name: 'cli', type: 'note', config: { text: 'hi' } });

    const entries = audit.recent();
    expect(entries.map((e) => [e.actor, e.surface, e.action, e.connector.name, e.fields])).toEqual([
      ['system', 'internal', 'create', 'cli', ['text']],
      ['ops', 'eliza', 'create', 'defaults', ['dmPolicy']],
      ['tf', 'ilert', 'delete', 'chat2', ['token', 'nested.a']],
      ['tf', 'ilert', 'update', 'chat2', ['nested.a']],
      ['ops', 'eliza', 'update', 'chat', ['token']],
      ['ops', 'eliza', 'create', 'chat', ['token', 'nested.a']],
    ]);
    expect(entries[3].previousName).toBe('chat');
    expect(entries[3].connector).toEqual({ id: record!.id, name: 'chat2', type: 'chat' });
    expect(entries[1].connector).toEqual({ id: null, name: 'defaults', type: null });
    expect(entries[5].at).toBe(record!.createdAt);
    expect(JSON.stringify(entries)).not.toContain('PLANTED');
  });

  it('records nothing for a write that fails', async () => {
    const service = await open({ limits: { maxConfigDepth: 2 } });
    await expect(service.putByName('x', { a: { b: {} } })).rejects.toThrow();
    expect(audit.recent()).toEqual([]);
  });
});
