import { defineConnector, Field, StringIdMessagingConfig } from '@switchboard/sdk';
import { IsBoolean, IsInt, IsOptional, IsPositive, IsString, Min } from 'class-validator';

/**
 * WhatsApp through a linked-device session (Baileys), as the Eliza runtime reads `connectors.whatsapp`.
 * No credential field: the session keys live in each account's `authDir` (accounts.<id>.authDir).
 */
export class WhatsAppConfig extends StringIdMessagingConfig {
  @Field({ description: 'Largest media file handled, in whole MB', default: 50 })
  @IsOptional()
  @IsInt()
  @IsPositive()
  override mediaMaxMb?: number;

  @Field({ description: 'Mark received messages as read' })
  @IsOptional()
  @IsBoolean()
  sendReadReceipts?: boolean;

  @Field({ description: 'Let the account owner chat with the agent in their own "Message yourself" chat' })
  @IsOptional()
  @IsBoolean()
  selfChatMode?: boolean;

  @Field({ description: 'Text put in front of every message the agent sends' })
  @IsOptional()
  @IsString()
  messagePrefix?: string;

  @Field({ description: 'Milliseconds to wait for more messages from a sender before answering', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  debounceMs?: number;
}

export default defineConnector({
  type: 'whatsapp',
  displayName: 'WhatsApp',
  description: 'A WhatsApp number the agent uses as a linked device (QR pairing, no API key).',
  docsUrl: 'https://faq.whatsapp.com/378279804439436',
  config: WhatsAppConfig,
  elizaRuntime: true,
  // The runtime's rule (eliza-connector-fields.md 1.2): a session location, also the legacy names, or an enabled account's.
  configuredWhen: [['authState'], ['sessionPath'], ['authDir'], { inAccount: [['authDir']] }],
});
