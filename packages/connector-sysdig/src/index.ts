import { ApiKeyParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's Sysdig connector (EParamsSysdig). */
export class SysdigConfig extends ApiKeyParams {
  @DescribeParam({ title: 'API token', description: 'Sysdig Monitor API token (Settings > User Profile > Sysdig Monitor API)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'sysdig',
  displayName: 'Sysdig',
  description: 'Posts ilert alert events to Sysdig Monitor.',
  docsUrl: 'https://docs.sysdig.com/en/docs/administration/administration-settings/user-profile-and-password/retrieve-the-sysdig-api-token/',
  config: SysdigConfig,
});
