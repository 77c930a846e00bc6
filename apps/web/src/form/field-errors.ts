import type { ErrorSchema } from '@rjsf/utils';

export interface PlacedErrors {
  /** Problems of declared fields, for rjsf's extraErrors (shown next to each field). */
  fields: ErrorSchema;
  /** The rest (the name, a limit, a field the form does not show). */
  general: string[];
}

const CONFIG_PREFIX = /^Invalid config for connector "(?:[^"\\]|\\.)*": /;

/**
 * Places a 400's message next to the fields it names. The API words each problem as
 * `Invalid config for connector "<name>": <path> <problem>; <path> <problem>` (never a value), so
 * each problem goes to the form field its path starts with, when the form shows that field.
 */
export function placeErrors(message: string, fieldNames: ReadonlySet<string>): PlacedErrors {
  const detail = message.replace(CONFIG_PREFIX, '');
  if (detail === message) return { fields: {}, general: [message] };
  const fields: Record<string, { __errors: string[] }> = {};
  const general: string[] = [];
  for (const problem of detail.split('; ')) {
    const field = /^([A-Za-z0-9_$-]+)/.exec(problem)?.[1];
    if (field !== undefined && fieldNames.has(field)) (fields[field] ??= { __errors: [] }).__errors.push(problem);
    else general.push(problem);
  }
  return { fields: fields as ErrorSchema, general };
}
