import { describe, expect, it } from '@jest/globals';
import { IsString, Matches } from 'class-validator';
import { defineConnector, MASK, Secret } from '@switchboard/sdk';
import { sealedLookalikeRefusal } from '../store/sealing/sealed-lookalike.js';
import { IncomingConfig } from './incoming-config.js';

const NO_RULES = { served: new Map(), each: [] };
const receive = (sent: Record<string, unknown>, maxDepth: number) => IncomingConfig.receive(sent, { maxDepth, storeRefusal: sealedLookalikeRefusal });

class TokenConfig {
  @Secret({ redact: 'full' })
  @IsString()
  @Matches(/^\d+:\w+$/)
  token!: string;
}

/** Counts validations, so the tests can tell a reused result from a fresh one. */
function countingPlugin(type: string) {
  const plugin = defineConnector({ type, displayName: type, config: TokenConfig });
  const counter = { calls: 0 };
  const counted = { ...plugin, validate: (config: Record<string, unknown>) => (counter.calls++, plugin.validate(config)) };
  return { plugin: counted, counter };
}

describe('IncomingConfig', () => {
  it('strips unsafe keys and finds too-deep configs, values the store refuses and masks without knowing what is stored', () => {
    const sent = JSON.parse('{"token":"1:a","__proto__":{"x":1},"nested":{"$include":"/etc/passwd","v":"enc:v1:abc"}}') as Record<string, unknown>;
    const incoming = receive(sent, 8);
    expect(incoming.clean).toEqual({ token: '1:a', nested: { v: 'enc:v1:abc' } });
    expect(incoming.storeRefusal).toMatch(/^nested\.v starts with "enc:v1:"/);
    expect(IncomingConfig.receive(sent, { maxDepth: 8 }).storeRefusal).toBeUndefined();
    expect(incoming.carriesMasks).toBe(false);
    expect(receive({ token: MASK }, 8).carriesMasks).toBe(true);
    expect(receive({ a: { b: { c: {} } } }, 3).tooDeep).toBe(true);
  });

  it('reuses the validation done ahead only for the same plugin and the value it checked', () => {
    const first = countingPlugin('first');
    const second = countingPlugin('second');
    const incoming = receive({ token: 'not a token' }, 8).validateAhead(first.plugin);
    expect(first.counter.calls).toBe(1);
    const problems = incoming.problemsFor(first.plugin, incoming.clean);
    expect(problems.map((p) => p.field)).toEqual(['token']);
    expect(first.counter.calls).toBe(1);

    // Another plugin (the record's type changed meanwhile) or another value (secrets restored): validated again.
    expect(incoming.problemsFor(second.plugin, incoming.clean)).toEqual(problems);
    expect(second.counter.calls).toBe(1);
    expect(incoming.problemsFor(first.plugin, { token: '1:ok' })).toEqual([]);
    expect(first.counter.calls).toBe(2);
  });

  it('does not validate ahead what the stored config may still change: masks to restore', () => {
    const { plugin, counter } = countingPlugin('masked');
    receive({ token: MASK }, 8).validateAhead(plugin);
    receive({ token: '1:a' }, 3).validateAhead(undefined);
    expect(counter.calls).toBe(0);
  });

  it('prepares in one pass, reporting the first rule broken in order: depth, store, unstorable, masks, validation', () => {
    const { plugin } = countingPlugin('ordered');
    const target = { plugin, rules: NO_RULES, stored: undefined, name: 'n' };
    expect(() => receive({ a: { b: { c: 'enc:v1:x' } } }, 2).prepare(target)).toThrow('Invalid config for connector "n": nested more than 2 levels deep');
    expect(() => receive({ token: 'enc:v1:x', other: null }, 8).prepare(target)).toThrow('Invalid config for connector "n": token starts with "enc:v1:"');
    expect(() => receive({ token: 12, other: null }, 8).prepare(target)).toThrow('other is null');
    expect(() => receive({ token: MASK }, 8).prepare(target)).toThrow('token holds a redaction mask');
    expect(() => receive({ token: 'nope' }, 8).prepare(target)).toThrow(/Invalid config for connector "n": token/);
    const prepared = receive({ token: '1:a' }, 8).prepare(target);
    expect(prepared).toEqual({ token: '1:a' });
    expect(Object.isFrozen(prepared)).toBe(true);
  });
});
