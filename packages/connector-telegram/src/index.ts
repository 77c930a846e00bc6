import { defineConnector } from '@switchboard/sdk';
import { TelegramConfig } from './config.js';

export { TelegramConfig } from './config.js';

export default defineConnector({
  type: 'telegram',
  displayName: 'Telegram',
  description: 'A Telegram bot the agent talks through.',
  docsUrl: 'https://core.telegram.org/bots/features#botfather',
  config: TelegramConfig,
  // getMe: https://core.telegram.org/bots/api#getme (a wrong token is 401; a malformed one 404)
  test: {
    origin: 'https://api.telegram.org',
    path: '/bot{botToken}/getMe',
    authFailureStatuses: [401, 404],
    okField: 'ok',
    identity: { path: 'result.username', prefix: '@' },
  },
});
