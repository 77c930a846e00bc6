import {
  defineConnector,
  Field,
  IsE164Phone,
  IsSafeExecutable,
  OptionalPort,
  PhoneMessagingConfig,
  ReactionLevelField,
  ReactionNotificationsField,
} from '@switchboard/sdk';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

/**
 * Signal through signal-cli, as the Eliza runtime reads `connectors.signal`. No credential field:
 * the account's keys stay in signal-cli's own data directory.
 */
export class SignalConfig extends PhoneMessagingConfig {
  @Field({ description: 'Phone number (E.164) of the Signal account registered or linked in signal-cli', examples: ['+15551234567'] })
  @IsOptional()
  @IsE164Phone()
  account?: string;

  @Field({ description: 'Base URL of a running signal-cli HTTP daemon (`signal-cli daemon --http`)', examples: ['http://127.0.0.1:8080'] })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  httpUrl?: string;

  @Field({ description: 'Host of the signal-cli daemon, instead of httpUrl' })
  @IsOptional()
  @IsString()
  httpHost?: string;

  @Field({ description: 'Port of the signal-cli daemon, instead of httpUrl' })
  @OptionalPort()
  httpPort?: number;

  @Field({ description: 'signal-cli program name or path the runtime starts', examples: ['signal-cli'] })
  @IsOptional()
  @IsSafeExecutable()
  cliPath?: string;

  @Field({ description: 'Start the signal-cli daemon together with the agent' })
  @IsOptional()
  @IsBoolean()
  autoStart?: boolean;

  @Field({ description: 'Milliseconds to wait for the daemon to come up (1000–120000)' })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120000)
  startupTimeoutMs?: number;

  @Field({ description: 'Receive messages from the start, or only when asked' })
  @IsOptional()
  @IsIn(['on-start', 'manual'])
  receiveMode?: string;

  @Field({ description: 'Skip downloading attachments' })
  @IsOptional()
  @IsBoolean()
  ignoreAttachments?: boolean;

  @Field({ description: 'Skip story messages' })
  @IsOptional()
  @IsBoolean()
  ignoreStories?: boolean;

  @Field({ description: 'Send read receipts for received messages' })
  @IsOptional()
  @IsBoolean()
  sendReadReceipts?: boolean;

  @ReactionNotificationsField(['off', 'own', 'all', 'allowlist'])
  reactionNotifications?: string;

  @ReactionLevelField()
  reactionLevel?: string;

  @Field({ description: 'Senders whose reactions are reported when reactionNotifications is "allowlist"' })
  @IsOptional()
  @IsArray()
  reactionAllowlist?: (string | number)[];
}

/** Any of these makes a Signal config configured: where to reach signal-cli, or which account it runs. */
const SIGNAL_ENDPOINT_FIELDS = ['account', 'httpUrl', 'httpHost', 'httpPort', 'cliPath'] as const;

export default defineConnector({
  type: 'signal',
  displayName: 'Signal',
  description: 'A Signal account the agent uses through signal-cli (registered or linked as a device).',
  docsUrl: 'https://github.com/AsamK/signal-cli/wiki/Linking-other-devices-(Provisioning)',
  config: SignalConfig,
  elizaRuntime: true,
  // The runtime's rule (eliza-connector-fields.md 1.2): any endpoint field, at the top or in an enabled account.
  configuredWhen: [...SIGNAL_ENDPOINT_FIELDS.map((field) => [field]), { inAccount: SIGNAL_ENDPOINT_FIELDS.map((field) => [field]) }],
});
