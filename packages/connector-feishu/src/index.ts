import { defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** Feishu / Lark (key `feishu`, no schema): the Eliza plugin catalog's FEISHU_* settings, camelCased. */
export class FeishuConfig extends ElizaPluginConfig {
  @Field({ title: 'App secret', description: 'App Secret of the custom app (developer console > the app > Credentials & Basic Info)' })
  @Secret()
  @IsString()
  appSecret?: string;

  @Field({ title: 'App ID', description: 'App ID of the custom app, "cli_..." (same page as the App Secret)', examples: ['cli_a1b2c3d4e5f6a7b8'] })
  @IsOptional()
  @Matches(/^cli_\w+$/, { message: 'appId must be a Feishu/Lark App ID starting with "cli_"' })
  appId?: string;

  @Field({ description: 'Which platform the app lives on: "feishu" (China) or "lark" (international)', default: 'feishu' })
  @IsOptional()
  @IsIn(['feishu', 'lark'])
  domain?: string;

  @Field({ description: 'Chat ids (oc_...) allowed to talk to the bot; empty allows all' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  allowedChats?: string[];
}

export default defineConnector({
  type: 'feishu',
  aliases: ['lark'],
  displayName: 'Feishu',
  description: 'A Feishu (Lark) bot app the agent chats through.',
  docsUrl: 'https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal',
  config: FeishuConfig,
  elizaRuntime: true,
});
