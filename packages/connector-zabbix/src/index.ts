import { defineConnector } from '@switchboard/sdk';
import { ZabbixConfig } from './config.js';

export { ZabbixConfig } from './config.js';

export default defineConnector({
  type: 'zabbix',
  displayName: 'Zabbix',
  description: 'Acknowledges and comments on Zabbix problems from ilert alerts.',
  docsUrl: 'https://www.zabbix.com/documentation/current/en/manual/web_interface/frontend_sections/users/api_tokens',
  config: ZabbixConfig,
});
