import { defineConnector } from '@switchboard/sdk';
import { DingTalkConfig } from './config.js';

export { DingTalkConfig } from './config.js';

export default defineConnector({
  type: 'dingtalk',
  displayName: 'DingTalk',
  description: 'Posts ilert alerts to a DingTalk group through a custom robot.',
  docsUrl: 'https://open.dingtalk.com/document/robots/custom-robot-access',
  config: DingTalkConfig,
});
