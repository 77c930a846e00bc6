import { defineConnector, ElizaWebhookListenerConfig, Field, Secret } from '@switchboard/sdk';
import { IsArray, IsOptional, IsString, IsUrl, Length } from 'class-validator';

const SERVER_URL = { require_protocol: true, require_tld: false, protocols: ['https', 'http'] };

/** Nextcloud Talk (proposed key `nextcloudtalk`): the Eliza plugin catalog's NEXTCLOUD_* settings, camelCased. */
export class NextcloudTalkConfig extends ElizaWebhookListenerConfig {
  @Field({ title: 'Bot secret', description: 'Shared secret of the Talk bot, 40-128 characters, given to "occ talk:bot:install" when registering it' })
  @Secret()
  @IsString()
  @Length(40, 128)
  botSecret?: string;

  @Field({ title: 'Nextcloud URL', description: 'Base URL of the Nextcloud server: the address its users open', examples: ['https://cloud.example.com'] })
  @IsOptional()
  @IsUrl(SERVER_URL)
  url?: string;

  @Field({ description: 'Public URL Nextcloud posts bot events to (the URL registered with the bot)' })
  @IsOptional()
  @IsUrl(SERVER_URL)
  webhookPublicUrl?: string;

  @Field({ description: 'Local address the webhook listener binds to', examples: ['0.0.0.0'] })
  @IsOptional()
  @IsString()
  webhookHost?: string;

  @Field({ description: "Tokens of the Talk conversations the bot answers in (the last part of a conversation's URL); empty allows all" })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedRooms?: string[];
}

export default defineConnector({
  type: 'nextcloudtalk',
  displayName: 'Nextcloud Talk',
  description: 'A Nextcloud Talk bot the agent chats through.',
  docsUrl: 'https://nextcloud-talk.readthedocs.io/en/latest/bots/',
  config: NextcloudTalkConfig,
  elizaRuntime: true,
});
