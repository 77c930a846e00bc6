import { DescribeParam, EmailParam, UrlApiKeyParams } from '@switchboard/sdk';

/** ilert's Zendesk connector (EParamsZendesk). */
export class ZendeskConfig extends UrlApiKeyParams {
  @DescribeParam({ description: 'URL of your Zendesk account', examples: ['https://your-subdomain.zendesk.com'] })
  override url?: string;

  @EmailParam({ description: 'Email address of the Zendesk agent the API token is used for' })
  email?: string;

  @DescribeParam({ title: 'API token', description: 'Zendesk API token (Admin Center > Apps and integrations > APIs > Zendesk API, token access on)' })
  override apiKey?: string;
}
