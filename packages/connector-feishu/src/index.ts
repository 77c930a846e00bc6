import { defineConnector } from '@switchboard/sdk';
import { FeishuConfig } from './config.js';

export { FeishuConfig } from './config.js';

export default defineConnector({
  type: 'feishu',
  aliases: ['lark'],
  displayName: 'Feishu',
  description: 'A Feishu (Lark) bot app the agent chats through.',
  docsUrl: 'https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal',
  config: FeishuConfig,
});
