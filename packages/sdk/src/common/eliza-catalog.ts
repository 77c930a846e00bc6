import { IsBoolean, IsInt, IsOptional, IsPositive, IsString, Max, Min } from 'class-validator';
import { Field } from '../field.js';

/**
 * Bases for the connectors the Eliza runtime knows only from its plugin catalog (no zod schema,
 * eliza-connector-fields.md 2.13/2.14): the settings several catalog plugins share.
 */

/** On an optional number: a TCP port, 1-65535. */
export function OptionalPort(): PropertyDecorator {
  const rules = [IsOptional(), IsInt(), Min(1), Max(65535)];
  return (prototype, key) => rules.forEach((rule) => rule(prototype, key));
}

/** `enabled`: the runtime treats a connector with `enabled: false` as not configured (section 1.2). */
export class ElizaPluginConfig {
  @Field({ description: 'Set false to keep the connector configured but stopped', default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Plugins that serve the platform's webhook calls on a local HTTP listener. */
export class ElizaWebhookListenerConfig extends ElizaPluginConfig {
  @Field({ description: 'Local path of the webhook endpoint the plugin serves' })
  @IsOptional()
  @IsString()
  webhookPath?: string;

  @Field({ description: 'Local port the webhook listener binds to' })
  @OptionalPort()
  webhookPort?: number;
}

/** Social-network plugins that poll for mentions and can rehearse without publishing. */
export class ElizaPollingConfig extends ElizaPluginConfig {
  @Field({ description: 'Simulate posting and replying without publishing anything' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @Field({ description: 'Seconds between checks for new mentions and replies' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  pollInterval?: number;
}

/** Polling plugins that also post on a schedule and work through timeline actions in batches. */
export class ElizaAutoPostingConfig extends ElizaPollingConfig {
  @Field({ description: 'Process timeline actions (likes, reposts, replies) automatically' })
  @IsOptional()
  @IsBoolean()
  enableActionProcessing?: boolean;

  @Field({ description: 'Most timeline actions handled in one processing cycle' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxActionsProcessing?: number;
}
