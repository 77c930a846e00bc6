import { defineConnector, DescribeParam, UrlApiKeyParams } from '@switchboard/sdk';

/** ilert's Zabbix connector (EParamsZabbix). */
export class ZabbixConfig extends UrlApiKeyParams {
  @DescribeParam({ description: 'Base URL of the Zabbix frontend: the address its users log in at', examples: ['https://zabbix.example.com'] })
  override url?: string;

  @DescribeParam({ title: 'API token', description: 'Zabbix API token (Users > API tokens, Zabbix 5.4 or later)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'zabbix',
  displayName: 'Zabbix',
  description: 'Acknowledges and comments on Zabbix problems from ilert alerts.',
  docsUrl: 'https://www.zabbix.com/documentation/current/en/manual/web_interface/frontend_sections/users/api_tokens',
  config: ZabbixConfig,
});
