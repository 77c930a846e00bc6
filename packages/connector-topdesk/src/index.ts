import { defineConnector, DescribeParam, UrlBasicAuthParams } from '@switchboard/sdk';

/** ilert's TOPdesk connector (EParamsTopdesk): an operator and an application password. */
export class TopdeskConfig extends UrlBasicAuthParams {
  @DescribeParam({ description: 'URL of your TOPdesk environment: the address its operators open', examples: ['https://your-company.topdesk.net'] })
  override url?: string;

  @DescribeParam({ description: 'Login name of the TOPdesk operator ilert acts as (needs API access in its permission group)' })
  override username?: string;

  @DescribeParam({
    title: 'Application password',
    description: 'Application password of that operator (My settings > Application passwords), not the login password',
  })
  override password?: string;
}

export default defineConnector({
  type: 'topdesk',
  displayName: 'TOPdesk',
  description: 'Creates TOPdesk incidents from ilert alerts.',
  docsUrl: 'https://developers.topdesk.com/tutorial.html',
  config: TopdeskConfig,
});
