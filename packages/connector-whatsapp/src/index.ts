import { defineConnector } from '@switchboard/sdk';
import { WhatsAppConfig } from './config.js';

export { WhatsAppConfig } from './config.js';

export default defineConnector({
  type: 'whatsapp',
  displayName: 'WhatsApp',
  description: 'A WhatsApp number the agent uses as a linked device (QR pairing, no API key).',
  docsUrl: 'https://faq.whatsapp.com/378279804439436',
  config: WhatsAppConfig,
});
