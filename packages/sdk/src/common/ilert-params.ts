import { Allow, IsEmail, IsOptional, IsString, IsUrl } from 'class-validator';
import { Field, type FieldOptions } from '../field.js';
import { Secret } from '../secret.js';

/*
 * The param shapes ilert connectors share (the EParams* schemas of the ilert REST API, with ilert's
 * own field names). A connector DTO extends one of the classes below instead of repeating its
 * fields, and gives an inherited field a platform-specific description with @DescribeParam.
 * JSON Schema lists a class's own (and redescribed) fields before inherited ones, so a DTO that
 * wants `url` first redescribes it.
 */

/** Instance and webhook URLs: a scheme is required, intranet host names are fine. */
const URL_RULE = { require_protocol: true, require_tld: false } as const;

/** Form metadata each param decorator recorded, per class prototype, so a redeclaration can extend it. */
const recorded = new WeakMap<object, Map<string, FieldOptions>>();

function inheritedOptions(prototype: object, key: string): Partial<FieldOptions> {
  for (let p = Object.getPrototypeOf(prototype) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const options = recorded.get(p)?.get(key);
    if (options) return options;
  }
  return {};
}

/** One decorator per param kind: the form metadata, then the rules (validation, secret). */
function param(options: FieldOptions, ...rules: PropertyDecorator[]): PropertyDecorator {
  return (prototype, key) => {
    if (typeof key !== 'string') throw new TypeError('param decorators need a string property name');
    let own = recorded.get(prototype);
    if (!own) recorded.set(prototype, (own = new Map<string, FieldOptions>()));
    own.set(key, options);
    Field(options)(prototype, key);
    for (const rule of rules) rule(prototype, key);
  };
}

/** A base URL of the platform (not a secret). */
export const UrlParam = (options: FieldOptions): PropertyDecorator => param(options, IsUrl(URL_RULE));
/** A URL that carries its own token (path or query): redacted by the `url` rule. */
export const SecretUrlParam = (options: FieldOptions): PropertyDecorator => param(options, Secret({ redact: 'url' }), IsUrl(URL_RULE));
export const EmailParam = (options: FieldOptions): PropertyDecorator => param(options, IsEmail());
export const TextParam = (options: FieldOptions): PropertyDecorator => param(options, IsString());
/** A password, API key, signing secret or Authorization header value: masked whole. */
export const CredentialParam = (options: FieldOptions): PropertyDecorator => param(options, Secret(), IsString());

/**
 * Redescribes an inherited param (e.g. `@DescribeParam({ description: 'Datadog API key, from ...' })
 * override apiKey?: string;`); validation and secret rule stay inherited, unset form metadata too.
 * A bare @Field would be lost: the JSON Schema of a class is built from its own validation
 * metadata, so the redeclaration also carries a no-op @Allow.
 */
export function DescribeParam(options: Partial<FieldOptions>): PropertyDecorator {
  return (prototype, key) => {
    if (typeof key !== 'string') throw new TypeError('@DescribeParam() needs a string property name');
    const merged = { ...inheritedOptions(prototype, key), ...options } as FieldOptions;
    param(merged, Allow())(prototype, key);
  };
}

/** `{ apiKey }`: Datadog, Sysdig, Statuspage. */
export class ApiKeyParams {
  @CredentialParam({ title: 'API key', description: 'API key ilert calls the platform with' })
  apiKey?: string;
}

/** `{ url }`: the instance URL the shapes below start with. */
export class UrlParams {
  @UrlParam({ title: 'URL', description: 'Base URL of the platform instance' })
  url?: string;
}

/** `{ url, apiKey }`: Zabbix, Zammad; Zendesk adds `email`. */
export class UrlApiKeyParams extends UrlParams {
  @CredentialParam({ title: 'API key', description: 'API key or token ilert calls the instance with' })
  apiKey?: string;
}

/** `{ url, username, password }`: ServiceNow, TOPdesk. */
export class UrlBasicAuthParams extends UrlParams {
  @TextParam({ description: 'User name of the account ilert acts as' })
  username?: string;

  @CredentialParam({ description: 'Password of that account' })
  password?: string;
}

/** `{ url, email, password }`: Autotask (and Jira's shape). */
export class UrlEmailPasswordParams extends UrlParams {
  @EmailParam({ description: 'Email address (login) of the account ilert acts as' })
  email?: string;

  @CredentialParam({ description: 'Password or API secret of that account' })
  password?: string;
}

/** `{ authorization }`, optional: AWS Lambda, Azure Functions, Google Cloud Functions. */
export class AuthorizationParams {
  @CredentialParam({ description: 'Value ilert sends as the HTTP Authorization header, if the endpoint checks one' })
  @IsOptional()
  authorization?: string;
}

/** `{ url }` where the URL itself is the credential (chat webhooks): DingTalk, Zoom Chat. */
export class WebhookUrlParams {
  @SecretUrlParam({ title: 'Webhook URL', description: 'Webhook URL ilert posts to; its token is part of the URL' })
  url?: string;
}
