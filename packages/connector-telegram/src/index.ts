import { defineConnector } from '@switchboard/sdk';
import { TelegramConfig } from './config.js';

export { TelegramConfig } from './config.js';

export default defineConnector({
  type: 'telegram',
  displayName: 'Telegram',
  description: 'A Telegram bot the agent talks through.',
  docsUrl: 'https://core.telegram.org/bots/features#botfather',
  config: TelegramConfig,
});
