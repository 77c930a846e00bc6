import { defineConnector } from '@switchboard/sdk';
import { WechatConfig } from './config.js';

export { WechatConfig } from './config.js';

export default defineConnector({
  type: 'wechat',
  displayName: 'WeChat',
  description: 'A WeChat Official Account the agent answers messages for (fields from WeChat\'s platform docs; Eliza defines none).',
  docsUrl: 'https://developers.weixin.qq.com/doc/offiaccount/en/Basic_Information/Access_Overview.html',
  config: WechatConfig,
});
