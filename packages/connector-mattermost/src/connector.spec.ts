import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      botToken: 'mmbot7k3q9x1z5w8r2t6y4u0pa',
      url: 'https://chat.example.com/hooks/mmhookkey3f9a2b7c1d5e8g4h6j',
      baseUrl: 'https://chat.example.com',
      chatmode: 'onchar',
      oncharPrefixes: ['>', '!'],
    },
    { url: 'http://mattermost.intranet:8065/hooks/intranethookkey0000000000' },
  ],
  invalid: [
    { config: { botToken: 'Bearer abc' }, field: 'botToken' },
    { config: { chatmode: 'always' }, field: 'chatmode' },
    { config: { baseUrl: 'chat.example.com' }, field: 'baseUrl' },
    { config: { url: 'hooks/abc' }, field: 'url' },
  ],
  masks: { botToken: '****', url: 'https://chat.example.com/****/****' },
});
