import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ url: 'http://zabbix.intranet:8080', apiKey: 'zbx-api-token-fake-3d3d' }],
  invalid: [
    { config: { url: 'zabbix.intranet' }, field: 'url' },
    { config: { apiKey: 3 }, field: 'apiKey' },
  ],
  masks: { apiKey: '****' },
});
