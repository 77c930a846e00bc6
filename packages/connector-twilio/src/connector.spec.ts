import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      accountSid: 'AC0123456789abcdef0123456789ab7e5a',
      authToken: 'f00dfeedf00dfeedf00dfeedf00dfeed',
      phoneNumber: '+15551234567',
      webhookUrl: 'https://agent.example.com/twilio/sms',
      webhookPort: 3200,
    },
    {
      voiceCallEnabled: true,
      voiceCallProvider: 'twilio',
      voiceCallFromNumber: '+15551234567',
      voiceCallInboundPolicy: 'allowlist',
      voiceCallAllowFrom: ['+442071838750'],
      voiceCallMaxDurationSeconds: 600,
    },
  ],
  invalid: [
    { config: { accountSid: 'SK0123' }, field: 'accountSid' },
    { config: { phoneNumber: '555-1234' }, field: 'phoneNumber' },
    { config: { voiceCallProvider: 'vonage' }, field: 'voiceCallProvider' },
    { config: { voiceCallAllowFrom: ['+15551234567', 'anyone'] }, field: 'voiceCallAllowFrom' },
    { config: { voiceCallWebhookPort: 0 }, field: 'voiceCallWebhookPort' },
  ],
  masks: { accountSid: '****7e5a', authToken: '****' },
});
