import { IsArray, IsInt, IsOptional, IsPositive, IsString, Matches, type ValidationOptions, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Field, type FieldOptions } from '../field.js';
import { PatternValidator } from '../schema-of-validators.js';
import { isPlainObject } from '../sanitize.js';
import { DirectMessagingConfig } from './messaging.js';

// Variants of the Eliza "COMMON" field set (eliza-connector-fields.md, 0.2–0.3) that several
// connectors share, and the checks of their local-client fields.

/**
 * COMMON with the top-level DM policy, for the messengers bridged through a local client or
 * session (WhatsApp, Signal, iMessage, BlueBubbles): their media limit is whole megabytes.
 */
export class PhoneMessagingConfig extends DirectMessagingConfig {
  @Field({ description: 'Largest media file handled, in whole MB' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  override mediaMaxMb?: number;
}

/** COMMON with the top-level DM policy where allow lists hold string ids only (WhatsApp, MS Teams). */
export class StringIdMessagingConfig extends DirectMessagingConfig {
  @Field({ description: 'Sender ids allowed to message the agent directly ("*" for everyone)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  override allowFrom?: string[];

  @Field({ description: 'Sender ids allowed to address the agent in groups' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  override groupAllowFrom?: string[];
}

/** A phone number in international E.164 form, e.g. "+15551234567". */
export function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return Matches(/^\+[1-9]\d{6,14}$/, {
    message: ({ property }) => `${property} must be a phone number in E.164 form, e.g. "+15551234567"`,
    ...options,
  });
}

/** No control characters, quotes or shell metacharacters. */
const PLAIN = '[^\\u0000-\\u001f\\u007f;&|`$<>()\'"]';
/**
 * A program name or path the runtime may spawn without a shell interpreting it: not blank at either
 * end, not an option (`-x`), plain characters only, and either a path (a slash, a backslash or a
 * leading `~`) or a bare command name. One pattern: the API's check and the published schema.
 */
const SAFE_EXECUTABLE = new RegExp(`^(?!-)(?!\\s)(?![\\s\\S]*\\s$)(?:${PLAIN}*[/\\\\]${PLAIN}*|~${PLAIN}*|[A-Za-z0-9_][A-Za-z0-9._+-]*)$`);

/** True for a program name or path the runtime may spawn without a shell interpreting it. */
export function isSafeExecutable(value: unknown): boolean {
  return typeof value === 'string' && SAFE_EXECUTABLE.test(value);
}

/** On a `cliPath`: a bare program name or a path; no options, quotes or shell metacharacters. */
export function IsSafeExecutable(options?: ValidationOptions): PropertyDecorator {
  return PatternValidator(
    'isSafeExecutable',
    SAFE_EXECUTABLE,
    (property) => `${property} must be a program name or path without options, quotes or shell metacharacters`,
    options,
  );
}

/**
 * Replaces @Field on a value given either as text or as an object (e.g. Google Chat's inline
 * service-account key): validates that shape and publishes `type: ["string", "object"]`, where a
 * custom validator alone would publish a dangling `$ref` to the TypeScript union's `Object`.
 */
export function StringOrObjectField(options: FieldOptions): PropertyDecorator {
  const validation = ValidateBy({
    name: 'isStringOrObject',
    validator: {
      validate: (value) => typeof value === 'string' || isPlainObject(value),
      defaultMessage: (args) => `${args?.property} must be a string or an object`,
    },
  });
  const schema = JSONSchema((generated) => {
    const { $ref: _dangling, ...rest } = generated as Record<string, unknown>;
    return { ...rest, type: ['string', 'object'], ...options };
  });
  return (prototype, key) => {
    validation(prototype, key);
    schema(prototype, key as string);
  };
}
