import { type ConnectorPlugin, type FieldProblem, carriesMasks, stripUnsafeKeys } from '@switchboard/sdk';
import { nestsDeeperThan } from './limits.js';
import { type UnstorableValue, unstorableValue } from './unstorable-value.js';
import { sealedLookalikePath } from './sealed-lookalike.js';

/**
 * What can be learned of a config a client sent before the write enters the registry's queue: none
 * of it depends on what is stored. Work done here runs while other batches are being committed,
 * instead of inside the queue where every write of a batch waits for it. The write itself still
 * decides, in the queue and in the order it always did, which problem to report.
 */
export class IncomingConfig {
  private checked: { plugin: ConnectorPlugin; problems: FieldProblem[] } | undefined;

  private constructor(
    /** The config without unsafe keys (the value as sent when it nests too deep to walk). */
    readonly clean: Record<string, unknown>,
    readonly tooDeep: boolean,
    /** Where a value looks like a secret the store sealed (`enc:v1:`, `enc:v2:`), if anywhere. */
    readonly sealedPath: string | undefined,
    /** Whether the round trip has masks to resolve against the stored config. */
    readonly carriesMasks: boolean,
    /** Where the config holds a `null` (or a number JSON turns into one), if anywhere: never stored, the runtime's schema has none. */
    readonly unstorable: UnstorableValue | undefined = undefined,
  ) {}

  static inspect(sent: Record<string, unknown>, maxDepth: number): IncomingConfig {
    // First: everything after this walks the config recursively.
    if (nestsDeeperThan(sent, maxDepth)) return new IncomingConfig(sent, true, undefined, false);
    const clean = stripUnsafeKeys(sent);
    return new IncomingConfig(clean, false, sealedLookalikePath(clean), carriesMasks(clean), unstorableValue(clean));
  }

  /** Validates, ahead of the queue, against the plugin the write will most likely use (when nothing stored can change the value). */
  validateAhead(plugin: ConnectorPlugin | undefined): this {
    if (plugin && !this.tooDeep && this.sealedPath === undefined && this.unstorable === undefined && !this.carriesMasks) {
      this.checked = { plugin, problems: plugin.validate(this.clean) };
    }
    return this;
  }

  /** The problems of `config` under `plugin`: the ones found ahead when both are what was checked then. */
  problemsFor(plugin: ConnectorPlugin, config: Record<string, unknown>): FieldProblem[] {
    if (this.checked?.plugin === plugin && config === this.clean) return this.checked.problems;
    return plugin.validate(config);
  }
}
