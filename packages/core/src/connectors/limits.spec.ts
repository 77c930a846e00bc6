import { describe, expect, it } from '@jest/globals';
import { nestsDeeperThan } from './limits.js';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts the config object as level 1 and each nested object or array as one more', () => {
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: {} }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: [] }, 2)).toBe(false);
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
  });

  it('finds the deep branch among wide shallow ones', () => {
    const config = { wide: Array.from({ length: 10_000 }, (_, i) => ({ i })), deep: nested(40) };
    expect(nestsDeeperThan(config, 32)).toBe(true);
    expect(nestsDeeperThan({ wide: config.wide }, 32)).toBe(false);
  });

  it('handles a hostile depth without using the stack', () => {
    const hostile = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(nestsDeeperThan({ x: hostile }, 32)).toBe(true);
  });
});
