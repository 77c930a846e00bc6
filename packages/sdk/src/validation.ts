import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { withoutClearedValues } from './cleared-values.js';
import { validityCheckOf } from './validity-check.js';

export interface FieldProblem {
  /** Dotted path of the field inside the config, e.g. `botToken` or `dm.policy`. */
  field: string;
  /** What is wrong, starting with the field path. Never contains the value. */
  message: string;
}

/**
 * Checks a config against its DTO. Configs may be partial (saved before the credentials are known)
 * and may carry fields the DTO does not declare; only the declared fields that are present are checked.
 * A free-text field sent as `""` is cleared, not checked (cleared-values.ts).
 */
export function validateConfig(configClass: new () => object, config: Record<string, unknown>): FieldProblem[] {
  const checked = withoutClearedValues(configClass, config);
  // Most configs are valid: a compiled yes/no check answers those; class-validator words the problems.
  if (validityCheckOf(configClass)?.(checked)) return [];
  return classValidatorProblems(configClass, checked);
}

/** The problems class-validator finds (transform, validateSync), without the compiled check. */
export function classValidatorProblems(configClass: new () => object, config: Record<string, unknown>): FieldProblem[] {
  const instance = plainToInstance(configClass, config);
  const errors = validateSync(instance, {
    skipMissingProperties: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  // One problem once, however many constraints word it alike (IsObject and OptionalNested's ValidateNested).
  return flatten(errors, '').filter((problem, index, all) => all.findIndex((other) => other.message === problem.message) === index);
}

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      const rest = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      problems.push({ field, message: `${field} ${rest}` });
    }
    if (error.children?.length) problems.push(...flatten(error.children, field));
  }
  return problems;
}
