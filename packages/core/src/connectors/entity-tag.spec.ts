import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { assertPrecondition, entityTagOf, preconditionOf } from './entity-tag.js';

const record = { id: 'c1', version: 3 } as ConnectorRecord;

describe('entity tags and If-Match', () => {
  it('tags a connector by id and version, so a new connector under the same name never matches', () => {
    expect(entityTagOf(record)).toBe('"c1:3"');
    expect(entityTagOf({ id: 'c2', version: 3 })).not.toBe(entityTagOf(record));
  });

  it('reads * and lists of tags; anything else is a 400', () => {
    expect(preconditionOf(undefined)).toBeUndefined();
    expect(preconditionOf('*')).toEqual({ kind: 'any' });
    expect(preconditionOf('"a:1", W/"b:2" ,"c1:3"')).toEqual({ kind: 'tags', tags: ['"a:1"', 'W/"b:2"', '"c1:3"'] });
    for (const bad of ['', 'c1:3', '"unterminated', '*, "a:1"', '"a"b"']) expect(() => preconditionOf(bad)).toThrow(InvalidInputError);
  });

  it('holds for the current tag or *; fails (412) for another tag, a weak one, or a connector that is gone', () => {
    expect(() => assertPrecondition(undefined, undefined, 'x')).not.toThrow();
    expect(() => assertPrecondition(preconditionOf('"old:1", "c1:3"'), record, 'x')).not.toThrow();
    expect(() => assertPrecondition(preconditionOf('*'), record, 'x')).not.toThrow();
    expect(() => assertPrecondition(preconditionOf('"c1:2"'), record, 'x')).toThrow(PreconditionFailedError);
    expect(() => assertPrecondition(preconditionOf('W/"c1:3"'), record, 'x')).toThrow(PreconditionFailedError);
    expect(() => assertPrecondition(preconditionOf('*'), undefined, 'x')).toThrow(PreconditionFailedError);
  });
});
