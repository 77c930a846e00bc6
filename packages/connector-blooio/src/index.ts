import { defineConnector, Field, IsE164Phone, OptionalPort, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, IsUrl } from 'class-validator';

/** Blooio's iMessage/SMS API, as the Eliza runtime reads `connectors.blooio` (no runtime schema). */
export class BlooioConfig {
  @Field({ title: 'API key', description: 'API key from the Blooio dashboard, sent as the Bearer token' })
  @Secret()
  @IsString()
  apiKey?: string;

  @Field({ description: 'Secret Blooio signs its webhook calls with, shown where the webhook is set up in the Blooio dashboard' })
  @Secret()
  @IsOptional()
  @IsString()
  webhookSecret?: string;

  @Field({ description: 'Number on the Blooio account the agent sends from, in E.164 (Blooio dashboard)', examples: ['+15551234567'] })
  @IsOptional()
  @IsE164Phone()
  fromNumber?: string;

  @Field({ description: 'Public URL Blooio posts inbound messages and delivery events to' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  webhookUrl?: string;

  @Field({ description: 'Local port the webhook listener binds to' })
  @OptionalPort()
  webhookPort?: number;
}

export default defineConnector({
  type: 'blooio',
  displayName: 'Blooio',
  description: 'iMessage and SMS through the Blooio messaging API.',
  docsUrl: 'https://docs.blooio.com/quickstart',
  config: BlooioConfig,
  elizaRuntime: true,
});
