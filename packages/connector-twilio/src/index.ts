import { defineConnector, ElizaPluginConfig, Field, IsE164Phone, OptionalPort, Secret } from '@switchboard/sdk';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, IsUrl, Matches } from 'class-validator';

const PUBLIC_URL = { require_protocol: true, protocols: ['https', 'http'] };

/**
 * Twilio (proposed key `twilio`): the Eliza plugin catalog's TWILIO_* settings and its VOICE_CALL_*
 * call settings, camelCased (the latter keep their `voiceCall` prefix).
 */
export class TwilioConfig extends ElizaPluginConfig {
  @Field({
    title: 'Account SID',
    description: 'Account SID, "AC" + 32 hex (Twilio Console > Account Info)',
    docsUrl: 'https://www.twilio.com/docs/iam/api/account',
  })
  @Secret({ redact: 'last4' })
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'accountSid must be "AC" followed by 32 hex characters' })
  accountSid?: string;

  @Field({ title: 'Auth token', description: 'Auth Token of the account (Twilio Console > Account Info)' })
  @Secret()
  @Matches(/^[0-9a-fA-F]{32}$/, { message: 'authToken must be the 32 hex characters Twilio shows' })
  authToken?: string;

  @Field({
    description: 'Twilio number the agent sends and receives SMS on, in E.164 (Twilio Console > Phone Numbers > Active numbers)',
    examples: ['+15551234567'],
  })
  @IsOptional()
  @IsE164Phone()
  phoneNumber?: string;

  @Field({ description: 'Public URL Twilio calls for incoming messages (set on the number in the Console)' })
  @IsOptional()
  @IsUrl(PUBLIC_URL)
  webhookUrl?: string;

  @Field({ description: 'Local port of the messaging webhook listener' })
  @OptionalPort()
  webhookPort?: number;

  @Field({ description: 'Turn on voice calls' })
  @IsOptional()
  @IsBoolean()
  voiceCallEnabled?: boolean;

  @Field({ description: 'Telephony provider that carries voice calls', default: 'twilio' })
  @IsOptional()
  @IsIn(['twilio', 'telnyx', 'plivo', 'mock'])
  voiceCallProvider?: string;

  @Field({ description: 'Number voice calls are placed from: a voice-capable number of the account (Twilio Console > Phone Numbers)' })
  @IsOptional()
  @IsE164Phone()
  voiceCallFromNumber?: string;

  @Field({ description: 'Default number outbound calls go to' })
  @IsOptional()
  @IsE164Phone()
  voiceCallToNumber?: string;

  @Field({ description: 'Public URL the provider calls for voice webhooks' })
  @IsOptional()
  @IsUrl(PUBLIC_URL)
  voiceCallPublicUrl?: string;

  @Field({ description: 'Local path of the voice webhook endpoint' })
  @IsOptional()
  @IsString()
  voiceCallWebhookPath?: string;

  @Field({ description: 'Local port of the voice webhook listener' })
  @OptionalPort()
  voiceCallWebhookPort?: number;

  @Field({ description: 'Longest call, in seconds' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  voiceCallMaxDurationSeconds?: number;

  @Field({ description: 'Most calls in progress at once' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  voiceCallMaxConcurrentCalls?: number;

  @Field({ description: 'Which inbound calls are answered', default: 'disabled' })
  @IsOptional()
  @IsIn(['disabled', 'allowlist', 'pairing', 'open'])
  voiceCallInboundPolicy?: string;

  @Field({ description: 'Caller numbers accepted when the inbound policy is "allowlist"' })
  @IsOptional()
  @IsArray()
  @IsE164Phone({ each: true })
  voiceCallAllowFrom?: string[];

  @Field({ description: 'What the agent says when it answers an inbound call' })
  @IsOptional()
  @IsString()
  voiceCallInboundGreeting?: string;
}

export default defineConnector({
  type: 'twilio',
  displayName: 'Twilio',
  description: 'A Twilio number the agent texts and takes voice calls on.',
  docsUrl: 'https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them',
  config: TwilioConfig,
  elizaRuntime: true,
  // https://www.twilio.com/docs/iam/api/account#fetch-an-account-resource (basic auth: Account SID + Auth Token)
  test: {
    origin: 'https://api.twilio.com',
    path: '/2010-04-01/Accounts/{accountSid}.json',
    basicAuth: { username: '{accountSid}', password: '{authToken}' },
    identity: { path: 'friendly_name' },
  },
});
