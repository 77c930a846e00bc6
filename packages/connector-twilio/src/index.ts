import { defineConnector } from '@switchboard/sdk';
import { TwilioConfig } from './config.js';

export { TwilioConfig } from './config.js';

export default defineConnector({
  type: 'twilio',
  displayName: 'Twilio',
  description: 'A Twilio number the agent texts and takes voice calls on.',
  docsUrl: 'https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them',
  config: TwilioConfig,
  // https://www.twilio.com/docs/iam/api/account#fetch-an-account-resource (basic auth: Account SID + Auth Token)
  test: {
    origin: 'https://api.twilio.com',
    path: '/2010-04-01/Accounts/{accountSid}.json',
    basicAuth: { username: '{accountSid}', password: '{authToken}' },
    identity: { path: 'friendly_name' },
  },
});
