import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      url: 'https://oapi.dingtalk.com/robot/send?access_token=dingtalk0robot0token0fake0aa11',
      secret: 'SECdingtalk0signing0fake0bb22',
    },
  ],
  invalid: [
    { config: { url: 'oapi.dingtalk.com/robot/send' }, field: 'url' },
    { config: { secret: 7 }, field: 'secret' },
  ],
  masks: { url: 'https://oapi.dingtalk.com/****/****?access_token=****', secret: '****' },
});
