import { type ConnectorPlugin, type FieldProblem, type SecretFields, carriesMasks, restoreSecrets, stripUnsafeKeys } from '@switchboard/sdk';
import { InvalidInputError } from '../errors.js';
import { nestsDeeperThan } from './limits.js';
import { type UnstorableValue, unstorableValue } from './unstorable-value.js';

/**
 * The secret rules that apply to a config: `served` is the one it is redacted with, `each` every
 * plugin's own (a mask served under any of them is taken back as the stored value).
 */
export interface SecretRules {
  served: SecretFields;
  each: readonly SecretFields[];
}

export interface IntakeSettings {
  /** MAX_CONFIG_DEPTH. */
  maxDepth: number;
  /** The store's refusal of a value it cannot hold as sent (ConnectorStore.refusal), if it has one. */
  storeRefusal?: (config: Readonly<Record<string, unknown>>) => string | undefined;
}

/** What the write knows only in the registry's queue: the plugin, its secret rules, what is stored, the final name. */
export interface IntakeTarget {
  plugin: ConnectorPlugin | undefined;
  rules: SecretRules;
  stored: unknown;
  name: string;
}

/**
 * The one owner of a config a client sent, from receipt to the value stored: every rule about an
 * incoming config lives here, in the order it applies.
 *
 * `receive` runs before the write enters the registry's queue and finds what does not depend on what
 * is stored: depth (first: everything after it walks the config recursively), unsafe keys stripped,
 * what the store refuses, values the runtime's config cannot hold, masks to restore; and validates
 * ahead when nothing stored can change the value (`validateAhead`). That work runs while other batches
 * are being committed, instead of inside the queue where every write of a batch waits for it.
 *
 * `prepare` runs in the queue, so the write still decides, in the order it always did, which problem
 * to report: the findings above, then masks restored from the stored config, then the plugin's
 * validation. It answers the frozen config to store or throws a 400 naming the connector and the field.
 */
export class IncomingConfig {
  private checked: { plugin: ConnectorPlugin; problems: FieldProblem[] } | undefined;

  private constructor(
    /** The config without unsafe keys (the value as sent when it nests too deep to walk). */
    readonly clean: Record<string, unknown>,
    private readonly settings: IntakeSettings,
    readonly tooDeep: boolean,
    /** Why the store cannot hold the config as sent (a value in its own format), if so. */
    readonly storeRefusal: string | undefined,
    /** Whether the round trip has masks to resolve against the stored config. */
    readonly carriesMasks: boolean,
    /** Where the config holds a `null` (or a number JSON turns into one), if anywhere: never stored, the runtime's schema has none. */
    readonly unstorable: UnstorableValue | undefined = undefined,
  ) {}

  static receive(sent: Record<string, unknown>, settings: IntakeSettings): IncomingConfig {
    if (nestsDeeperThan(sent, settings.maxDepth)) return new IncomingConfig(sent, settings, true, undefined, false);
    const clean = stripUnsafeKeys(sent);
    return new IncomingConfig(clean, settings, false, settings.storeRefusal?.(clean), carriesMasks(clean), unstorableValue(clean));
  }

  /** Validates, ahead of the queue, against the plugin the write will most likely use (when nothing stored can change the value). */
  validateAhead(plugin: ConnectorPlugin | undefined): this {
    if (plugin && !this.tooDeep && this.storeRefusal === undefined && this.unstorable === undefined && !this.carriesMasks) {
      this.checked = { plugin, problems: plugin.validate(this.clean) };
    }
    return this;
  }

  /** The config to store under `target`, or a 400: the rules in the order they apply. */
  prepare({ plugin, rules, stored, name }: IntakeTarget): Readonly<Record<string, unknown>> {
    const invalid = (problem: string) => new InvalidInputError(`Invalid config for connector "${name}": ${problem}`);
    if (this.tooDeep) throw invalid(`nested more than ${this.settings.maxDepth} levels deep (the limit, MAX_CONFIG_DEPTH)`);
    if (this.storeRefusal !== undefined) throw invalid(this.storeRefusal);
    if (this.unstorable !== undefined) {
      const { path, problem } = this.unstorable;
      throw invalid(`${path} ${problem}, which the Eliza runtime's config does not allow; leave the field out to unset it, or send "" to clear a text`);
    }
    let config = this.clean;
    if (this.carriesMasks) {
      const { value, unresolvedMasks } = restoreSecrets(config, stored, rules.served, rules.each);
      if (unresolvedMasks.length > 0) {
        throw invalid(
          `${unresolvedMasks.join(', ')} holds a redaction mask that is not the one served for the value stored there (or nothing is stored there); send the full value`,
        );
      }
      config = value as Record<string, unknown>;
    }
    const problems = plugin ? this.problemsFor(plugin, config) : [];
    if (problems.length > 0) throw invalid(problems.map((p) => p.message).join('; '));
    return Object.freeze(config);
  }

  /** The problems of `config` under `plugin`: the ones found ahead when both are what was checked then. */
  problemsFor(plugin: ConnectorPlugin, config: Record<string, unknown>): FieldProblem[] {
    if (this.checked?.plugin === plugin && config === this.clean) return this.checked.problems;
    return plugin.validate(config);
  }
}
