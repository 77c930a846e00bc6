import { ApiKeyParams, defineConnector, DescribeParam } from '@switchboard/sdk';

/** ilert's Statuspage connector (EParamsStatusPageIO). */
export class StatuspageConfig extends ApiKeyParams {
  @DescribeParam({ description: 'Statuspage organization API key (manage.statuspage.io > your avatar > API info)' })
  override apiKey?: string;
}

export default defineConnector({
  type: 'statuspage_io',
  // ilert's Go client and Terraform provider spell the type this way.
  aliases: ['status_page_io'],
  displayName: 'Statuspage',
  description: 'Opens and updates Atlassian Statuspage incidents from ilert alerts.',
  docsUrl: 'https://developer.statuspage.io/#section/Authentication',
  config: StatuspageConfig,
});
