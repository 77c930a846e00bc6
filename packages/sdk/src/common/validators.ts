import { type ValidationOptions, ValidateBy } from 'class-validator';

/** The validator's name; the JSON Schema builder states the same rule as an if/then (json-schema.ts). */
export const OPEN_POLICY_NEEDS_WILDCARD = 'openPolicyNeedsWildcard';

/**
 * On a DM policy field: the policy "open" requires the matching allow list to contain "*"
 * (the runtime's rule, so an open door is always written down as one).
 */
export function OpenPolicyNeedsWildcard(allowListField: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: OPEN_POLICY_NEEDS_WILDCARD,
      constraints: [allowListField],
      validator: {
        validate: (value, args) => {
          if (value !== 'open') return true;
          const list = (args?.object as Record<string, unknown>)[allowListField];
          return Array.isArray(list) && list.includes('*');
        },
        defaultMessage: (args) => `${args?.property} "open" needs "*" in ${allowListField}`,
      },
    },
    options,
  );
}
