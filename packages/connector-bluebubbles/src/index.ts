import { defineConnector, Field, PhoneMessagingConfig, Secret } from '@switchboard/sdk';
import { IsBoolean, IsOptional, IsString, IsUrl } from 'class-validator';

/** iMessage through a BlueBubbles server on a Mac, as the Eliza runtime reads `connectors.bluebubbles`. */
export class BlueBubblesConfig extends PhoneMessagingConfig {
  @Field({ title: 'Server password', description: 'API password set in the BlueBubbles server settings' })
  @Secret()
  @IsString()
  password?: string;

  @Field({
    title: 'Server URL',
    description: 'Address of the BlueBubbles server with its port, as the server app on the Mac shows it',
    examples: ['http://192.168.1.100:1234'],
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  serverUrl?: string;

  @Field({ description: 'Local path that receives the BlueBubbles webhook calls', examples: ['/bluebubbles-webhook'] })
  @IsOptional()
  @IsString()
  webhookPath?: string;

  @Field({ description: 'Mark chats as read once the agent has seen them' })
  @IsOptional()
  @IsBoolean()
  sendReadReceipts?: boolean;
}

export default defineConnector({
  type: 'bluebubbles',
  displayName: 'BlueBubbles',
  description: 'iMessage through the REST API and webhooks of a BlueBubbles server on a Mac.',
  docsUrl: 'https://bluebubbles.app/install/',
  config: BlueBubblesConfig,
  elizaRuntime: true,
  // The runtime's rule (eliza-connector-fields.md 1.2): both the server and its password.
  configuredWhen: [['serverUrl', 'password']],
});
