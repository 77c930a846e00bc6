import { defineConnector } from '@switchboard/sdk';
import { MsTeamsConfig } from './config.js';

export { MsTeamsConfig } from './config.js';

export default defineConnector({
  type: 'msteams',
  aliases: ['microsoft_teams_bot'],
  displayName: 'Microsoft Teams',
  description: 'An Azure bot in Microsoft Teams for the agent, or a channel webhook for ilert alerts.',
  docsUrl: 'https://learn.microsoft.com/en-us/azure/bot-service/bot-service-quickstart-registration',
  config: MsTeamsConfig,
});
