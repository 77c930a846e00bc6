import { defineConnector, DescribeParam, EmailParam, UrlApiKeyParams } from '@switchboard/sdk';

/** ilert's Zendesk connector (EParamsZendesk). */
export class ZendeskConfig extends UrlApiKeyParams {
  @DescribeParam({ description: 'URL of your Zendesk account: https://<subdomain>.zendesk.com', examples: ['https://your-subdomain.zendesk.com'] })
  override url?: string;

  @EmailParam({ description: 'Email address of the Zendesk agent the API token is used for' })
  email?: string;

  @DescribeParam({ title: 'API token', description: 'Zendesk API token (Admin Center > Apps and integrations > APIs > Zendesk API, token access on)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'zendesk',
  displayName: 'Zendesk',
  description: 'Creates Zendesk Support tickets from ilert alerts.',
  docsUrl: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/',
  config: ZendeskConfig,
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
  // API token auth is basic auth as "<email>/token:<token>"; an unauthenticated caller gets an anonymous user (id null).
  test: {
    baseUrlField: 'url',
    path: '/api/v2/users/me.json',
    basicAuth: { username: '{email}/token', password: '{apiKey}' },
    okField: 'user.id',
    identity: { path: 'user.email|user.name' },
  },
});
