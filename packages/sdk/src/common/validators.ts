import { type ValidationOptions, ValidateBy } from 'class-validator';

/**
 * On a DM policy field: the policy "open" requires the matching allow list to contain "*"
 * (the runtime's rule, so an open door is always written down as one).
 */
export function OpenPolicyNeedsWildcard(allowListField: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'openPolicyNeedsWildcard',
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
