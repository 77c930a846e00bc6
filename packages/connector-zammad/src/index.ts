import { defineConnector, DescribeParam, UrlApiKeyParams } from '@switchboard/sdk';

/**
 * ilert's Zammad connector. The published API has no EParams schema for it; `{ url, apiKey }` is
 * what ilert's Go client and Terraform provider send.
 */
export class ZammadConfig extends UrlApiKeyParams {
  @DescribeParam({ description: 'Base URL of the Zammad server: the address its agents log in at', examples: ['https://helpdesk.example.com'] })
  override url?: string;

  @DescribeParam({ title: 'Access token', description: 'Zammad access token with agent ticket permission (Profile > Token Access > Create)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'zammad',
  displayName: 'Zammad',
  description: 'Creates Zammad tickets from ilert alerts (fields as ilert clients send them; no published schema).',
  docsUrl: 'https://docs.zammad.org/en/latest/api/intro.html',
  config: ZammadConfig,
});
