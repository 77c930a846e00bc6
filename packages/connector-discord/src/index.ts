import { defineConnector } from '@switchboard/sdk';
import { DiscordConfig } from './config.js';

export { DiscordConfig } from './config.js';

export default defineConnector({
  type: 'discord',
  displayName: 'Discord',
  description: 'A Discord bot for the agent, or a channel webhook for ilert alerts.',
  docsUrl: 'https://discord.com/developers/docs/topics/oauth2#bots',
  config: DiscordConfig,
  // https://discord.com/developers/docs/resources/user#get-current-user
  test: {
    origin: 'https://discord.com',
    path: '/api/v10/users/@me',
    headers: { Authorization: 'Bot {token|botToken}' },
    identity: { path: 'username', prefix: '@' },
  },
});
