import { defineConnector, DirectMessagingConfig, Field, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, Matches } from 'class-validator';

/**
 * LINE (proposed key `line`): the Eliza plugin catalog's LINE_* settings, camelCased, with the
 * shared DM and group policies (dmPolicy, groupPolicy, allowFrom).
 */
export class LineConfig extends DirectMessagingConfig {
  @Field({
    title: 'Channel access token',
    description: 'Long-lived channel access token (LINE Developers console > Messaging API channel > Messaging API tab)',
  })
  @Secret()
  @IsString()
  channelAccessToken?: string;

  @Field({
    title: 'Channel secret',
    description: 'Channel secret that signs webhook calls (same channel > Basic settings tab)',
    docsUrl: 'https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/',
  })
  @Secret()
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/i, { message: 'channelSecret must be the 32 hex characters LINE shows' })
  channelSecret?: string;

  @Field({ description: 'Local path of the endpoint LINE posts webhook events to', examples: ['/line/webhook'] })
  @IsOptional()
  @Matches(/^\//, { message: 'webhookPath must start with "/"' })
  webhookPath?: string;
}

export default defineConnector({
  type: 'line',
  displayName: 'LINE',
  description: 'A LINE Official Account (Messaging API channel) the agent chats through.',
  docsUrl: 'https://developers.line.biz/en/docs/messaging-api/channel-access-tokens/',
  config: LineConfig,
  elizaRuntime: true,
});
