import { defineConnector, Field, IsSafeExecutable, PhoneMessagingConfig } from '@switchboard/sdk';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';

/**
 * iMessage through the `imsg` CLI on a signed-in Mac, as the Eliza runtime reads `connectors.imessage`.
 * No credential field: access rests on the Mac's Full Disk Access and Automation permissions.
 */
export class IMessageConfig extends PhoneMessagingConfig {
  @Field({ description: 'imsg program name or path (or a wrapper script that runs it over SSH)', examples: ['imsg', '/usr/local/bin/imsg'] })
  @IsOptional()
  @IsSafeExecutable()
  cliPath?: string;

  @Field({
    description: 'Path of the Messages database on the Mac, ~/Library/Messages/chat.db of the signed-in user',
    examples: ['/Users/agent/Library/Messages/chat.db'],
  })
  @IsOptional()
  @IsString()
  dbPath?: string;

  @Field({ description: 'host or user@host of the Mac when cliPath runs imsg remotely (used to fetch attachments)' })
  @IsOptional()
  @IsString()
  remoteHost?: string;

  @Field({ description: 'Region used to normalise phone numbers without a country code', examples: ['US'] })
  @IsOptional()
  @IsString()
  region?: string;

  @Field({ description: 'Send as iMessage, SMS, or pick automatically' })
  @IsOptional()
  @IsIn(['imessage', 'sms', 'auto'])
  service?: string;

  @Field({ description: 'Pass received attachments to the agent' })
  @IsOptional()
  @IsBoolean()
  includeAttachments?: boolean;
}

export default defineConnector({
  type: 'imessage',
  displayName: 'iMessage',
  description: 'The Messages account of a Mac, driven through the imsg command-line tool.',
  docsUrl: 'https://imsg.sh/permissions.html',
  config: IMessageConfig,
  elizaRuntime: true,
  // The runtime's rule (eliza-connector-fields.md 1.2): the imsg program's path.
  configuredWhen: [['cliPath']],
});
