import { describe, expect, it } from '@jest/globals';
import { changedFieldPaths } from './changed-paths.js';

describe('changedFieldPaths', () => {
  it('lists nothing for equal configs, whatever the key order', () => {
    expect(changedFieldPaths({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 })).toEqual({ paths: [], omitted: 0 });
  });

  it('lists changed, added and removed top-level fields', () => {
    expect(changedFieldPaths({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, d: 4 }).paths).toEqual(['b', 'c', 'd']);
  });

  it('goes down nested objects to the leaves, with dotted paths', () => {
    const before = { accounts: { main: { botToken: 'old', dm: { policy: 'open' } }, spare: { botToken: 'x' } } };
    const after = { accounts: { main: { botToken: 'new', dm: { policy: 'open' } }, spare: { botToken: 'x' } } };
    expect(changedFieldPaths(before, after).paths).toEqual(['accounts.main.botToken']);
  });

  it('treats arrays as leaves', () => {
    expect(changedFieldPaths({ allowFrom: ['a', 'b'] }, { allowFrom: ['a', 'c'] }).paths).toEqual(['allowFrom']);
    expect(changedFieldPaths({ allowFrom: ['a'] }, { allowFrom: ['a'] }).paths).toEqual([]);
  });

  it('lists every leaf of a creation and of a deletion; an empty object as itself', () => {
    const config = { botToken: 's', groups: { ops: { allow: true } }, empty: {} };
    expect(changedFieldPaths(undefined, config).paths).toEqual(['botToken', 'groups.ops.allow', 'empty']);
    expect(changedFieldPaths(config, undefined).paths).toEqual(['botToken', 'groups.ops.allow', 'empty']);
    expect(changedFieldPaths(undefined, {}).paths).toEqual([]);
  });

  it('names a field that changed kind (object <-> value) once', () => {
    expect(changedFieldPaths({ dm: { policy: 'open' } }, { dm: 'open' }).paths).toEqual(['dm']);
    expect(changedFieldPaths({ dm: null }, { dm: { policy: 'open' } }).paths).toEqual(['dm']);
  });

  it('quotes keys that are not plain identifiers, so paths stay unambiguous', () => {
    expect(changedFieldPaths({}, { 'a.b': 1, 'ops team': { x: 1 }, '': 2, ключ: 3 }).paths).toEqual(['$["a.b"]', '$["ops team"].x', '$[""]', '$["ключ"]']);
    expect(changedFieldPaths({}, { groups: { '-100123': { allow: true } } }).paths).toEqual(['groups["-100123"].allow']);
  });

  it('never puts a value in a path', () => {
    const secret = 'PLANTED-value-never-in-a-path';
    const { paths } = changedFieldPaths({ token: 'old', nested: [secret] }, { token: secret, nested: { deep: secret } });
    expect(paths.join(' ')).not.toContain(secret);
    expect(paths).toEqual(['token', 'nested']);
  });

  it('caps the list and counts what it left out', () => {
    const wide = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, i]));
    const result = changedFieldPaths(undefined, wide, 100);
    expect(result.paths).toHaveLength(100);
    expect(result.paths[0]).toBe('f0');
    expect(result.omitted).toBe(150);
  });
});
