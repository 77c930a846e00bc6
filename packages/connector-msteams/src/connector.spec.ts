import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      appId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      appPassword: 'teams~client~secret~4471',
      url: 'https://contoso.webhook.office.com/webhookb2/abc-guid@tenant/IncomingWebhook/hooksecret/owner',
    },
    {
      appPassword: 'second-teams-secret',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      replyStyle: 'top-level',
      allowFrom: ['29:1a-aad-user'],
      teams: { team1: { requireMention: false, channels: { c1: { replyStyle: 'thread' } } } },
    },
    { url: 'https://prod-01.westeurope.logic.azure.com:443/workflows/wf1/triggers/manual/paths/invoke?sp=run&sig=teams-sig-value' },
  ],
  invalid: [
    { config: { appId: 'my-bot' }, field: 'appId' },
    { config: { url: 'not a url' }, field: 'url' },
    { config: { replyStyle: 'sideways' }, field: 'replyStyle' },
    { config: { allowFrom: [42] }, field: 'allowFrom' },
  ],
  masks: { appPassword: '****', url: 'https://contoso.webhook.office.com/****/****/****/****/****' },
});
