import { CredentialParam, defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, Matches } from 'class-validator';

/**
 * GitHub: the Eliza plugin catalog's GITHUB_* settings, camelCased (proposed key `github`), and the
 * ilert connector's params (EParamsGithub: `apiKey`).
 */
export class GithubConfig extends ElizaPluginConfig {
  @Field({ title: 'API token', description: 'Personal access token (GitHub > Settings > Developer settings > Personal access tokens)' })
  @Secret()
  @IsString()
  apiToken?: string;

  @Field({
    description: 'Secret you choose when adding the webhook; GitHub signs deliveries with it (repository > Settings > Webhooks)',
    docsUrl: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
  })
  @Secret()
  @IsOptional()
  @IsString()
  webhookSecret?: string;

  @Field({
    title: 'App private key',
    description: 'PEM private key of the GitHub App (app settings > Private keys > Generate a private key)',
    docsUrl: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/managing-private-keys-for-github-apps',
  })
  @Secret()
  @IsOptional()
  @Matches(/-----BEGIN (RSA )?PRIVATE KEY-----/, { message: 'appPrivateKey must be a PEM private key' })
  appPrivateKey?: string;

  @CredentialParam({ title: 'API key (ilert)', description: 'Token the ilert GitHub connector creates issues with (a personal access token)' })
  @IsOptional()
  apiKey?: string;

  @Field({ description: 'Default repository owner: the user or organisation login in the repository URL (github.com/<owner>/<repo>)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { message: 'owner must be a GitHub user or organisation login' })
  owner?: string;

  @Field({ description: 'Default repository name, as in its URL' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'repo must be a repository name (letters, digits, ".", "_" and "-")' })
  repo?: string;

  @Field({ description: 'Default branch', default: 'main' })
  @IsOptional()
  @IsString()
  branch?: string;

  @Field({ title: 'App ID', description: 'Numeric App ID of the GitHub App (app settings > General), for app authentication' })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'appId must be the numeric GitHub App ID' })
  appId?: string;

  @Field({ description: "Numeric id of the App's installation on the account (last part of the installation settings URL)" })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'installationId must be the numeric installation id' })
  installationId?: string;
}

export default defineConnector({
  type: 'github',
  displayName: 'GitHub',
  description: 'GitHub repositories the agent works with, or the ilert connector that opens issues from alerts.',
  docsUrl: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
  config: GithubConfig,
  elizaRuntime: true,
  // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
  test: {
    origin: 'https://api.github.com',
    path: '/user',
    headers: { Authorization: 'Bearer {apiToken|apiKey}', 'X-GitHub-Api-Version': '2022-11-28' },
    identity: { path: 'login', prefix: '@' },
  },
});
