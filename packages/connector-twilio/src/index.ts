import { defineConnector } from '@switchboard/sdk';
import { TwilioConfig } from './config.js';

export { TwilioConfig } from './config.js';

export default defineConnector({
  type: 'twilio',
  displayName: 'Twilio',
  description: 'A Twilio number the agent texts and takes voice calls on.',
  docsUrl: 'https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them',
  config: TwilioConfig,
});
