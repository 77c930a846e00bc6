import { defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsOptional, Matches } from 'class-validator';

/**
 * WeChat (proposed key `wechat`): nothing in the Eliza runtime or its catalog defines it, so the
 * fields are those of the WeChat Official Account platform's developer and server settings.
 */
export class WechatConfig extends ElizaPluginConfig {
  @Field({ title: 'AppSecret', description: 'AppSecret of the Official Account (mp.weixin.qq.com > Settings and Development > Basic Configuration)' })
  @Secret()
  @Matches(/^[0-9A-Za-z]{32}$/, { message: 'appSecret must be the 32-character AppSecret' })
  appSecret?: string;

  @Field({ title: 'Token', description: 'Server-configuration Token (3-32 letters or digits) WeChat signs its calls with; chosen in Basic Configuration' })
  @Secret()
  @Matches(/^[0-9A-Za-z]{3,32}$/, { message: 'token must be 3-32 letters or digits' })
  token?: string;

  @Field({
    title: 'EncodingAESKey',
    description: 'Message encryption key (43 letters or digits) for compatible or safe mode; generated in Basic Configuration',
  })
  @Secret()
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{43}$/, { message: 'encodingAESKey must be 43 letters or digits' })
  encodingAESKey?: string;

  @Field({ title: 'AppID', description: 'AppID of the Official Account, "wx" + 16 characters (same page as the AppSecret)', examples: ['wx1234567890abcdef'] })
  @IsOptional()
  @Matches(/^wx[0-9a-f]{16}$/i, { message: 'appId must be a WeChat AppID: "wx" followed by 16 hex characters' })
  appId?: string;
}

export default defineConnector({
  type: 'wechat',
  displayName: 'WeChat',
  description: "A WeChat Official Account the agent answers messages for (fields from WeChat's platform docs; Eliza defines none).",
  docsUrl: 'https://developers.weixin.qq.com/doc/offiaccount/en/Basic_Information/Access_Overview.html',
  config: WechatConfig,
  elizaRuntime: true,
});
