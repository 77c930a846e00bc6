import { defineConnector, Field, Secret } from '@switchboard/sdk';
import { IsEmail, IsString, IsUrl } from 'class-validator';

/** ilert's Jira connector (EParamsJira): the Jira site and an account's API token. */
export class JiraConfig {
  @Field({ title: 'Jira URL', description: 'Base URL of the Jira site: the address its users open', examples: ['https://your-team.atlassian.net'] })
  @IsUrl({ require_protocol: true, require_tld: false })
  url?: string;

  @Field({ description: 'Email address of the Atlassian account ilert acts as (the owner of the API token)' })
  @IsEmail()
  email?: string;

  @Field({ title: 'API token', description: 'API token of that account (id.atlassian.com > Security > API tokens)' })
  @Secret()
  @IsString()
  password?: string;
}

export default defineConnector({
  type: 'jira',
  displayName: 'Jira',
  description: 'Creates Jira issues from ilert alerts.',
  docsUrl: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  config: JiraConfig,
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/ (basic auth: email + API token)
  test: {
    baseUrlField: 'url',
    path: '/rest/api/3/myself',
    basicAuth: { username: '{email}', password: '{password}' },
    identity: { path: 'emailAddress|displayName' },
  },
});
