import { defineConnector, DescribeParam, UrlEmailPasswordParams } from '@switchboard/sdk';

/**
 * ilert's Autotask connector. The published API has no EParams schema for it; `{ url, email,
 * password }` is what ilert's Go client and Terraform provider send (the API user's username is an
 * email address, its secret goes in `password`).
 */
export class AutotaskConfig extends UrlEmailPasswordParams {
  @DescribeParam({
    description: 'Autotask web services zone URL of your database (the zoneInformation call returns it for the API user)',
    examples: ['https://webservices3.autotask.net'],
  })
  override url?: string;

  @DescribeParam({ title: 'API username', description: 'Username of the Autotask API-only user (Admin > Resources (Users) > New API User > Generate Key)' })
  override email?: string;

  @DescribeParam({ title: 'API secret', description: 'Secret of that API user (Generate Secret on the same form)' })
  override password?: string;
}

export default defineConnector({
  type: 'autotask',
  displayName: 'Autotask PSA',
  description: 'Creates Autotask PSA tickets from ilert alerts (fields as ilert clients send them; no published schema).',
  docsUrl: 'https://ww3.autotask.net/help/DeveloperHelp/Content/APIs/General/Define_API_User.htm',
  config: AutotaskConfig,
});
