import type { RJSFSchema } from '@rjsf/utils';
import type { ValidatorFunctions } from '@rjsf/validator-ajv8';

/** A connector type's generated form module (scripts/compile-validators.mjs): its form schema and precompiled validators. */
export interface FormModule {
  formSchema: RJSFSchema;
  validateFns: ValidatorFunctions;
}
