import { defineConnector, ElizaPluginConfig, Field, RequireMentionField, Secret } from '@switchboard/sdk';
import { IsArray, IsBoolean, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/**
 * Matrix (key `matrix`, no schema): the Eliza plugin catalog's MATRIX_* settings, camelCased, plus
 * `token`, the name the Eliza connector docs use for the access token.
 */
export class MatrixConfig extends ElizaPluginConfig {
  @Field({ title: 'Access token', description: 'Access token of the bot user (Element: Settings > Help & About > Access token, or the login API)' })
  @Secret()
  @IsString()
  accessToken?: string;

  @Field({ title: 'Token (docs name)', description: 'Access token under the name the Eliza connector docs use; set it or accessToken' })
  @Secret()
  @IsOptional()
  @IsString()
  token?: string;

  @Field({ description: "Base URL of the bot user's homeserver (the server part of its Matrix id)", examples: ['https://matrix.org'] })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['https', 'http'] })
  homeserver?: string;

  @Field({ description: 'Full Matrix id of the bot user, @name:server, as its client shows it', examples: ['@agent:matrix.org'] })
  @IsOptional()
  @Matches(/^@[^:\s]+:\S+$/, { message: 'userId must be a Matrix id such as "@agent:matrix.org"' })
  userId?: string;

  @Field({ description: 'Device id the access token belongs to (returned by the login call); needed to keep encryption keys across restarts' })
  @IsOptional()
  @IsString()
  deviceId?: string;

  @Field({ description: 'Room ids (!id:server) or aliases (#name:server) the agent listens in' })
  @IsOptional()
  @IsArray()
  @Matches(/^[!#][^:\s]+:\S+$/, { each: true, message: 'rooms must hold room ids ("!id:server") or aliases ("#name:server")' })
  rooms?: string[];

  @Field({ description: 'Accept room invitations automatically' })
  @IsOptional()
  @IsBoolean()
  autoJoin?: boolean;

  @Field({ description: 'Take part in end-to-end encrypted rooms' })
  @IsOptional()
  @IsBoolean()
  encryption?: boolean;

  @RequireMentionField('rooms')
  requireMention?: boolean;
}

export default defineConnector({
  type: 'matrix',
  displayName: 'Matrix',
  description: 'A Matrix bot user the agent talks through, on any homeserver.',
  docsUrl: 'https://spec.matrix.org/latest/client-server-api/#login',
  config: MatrixConfig,
  elizaRuntime: true,
  // https://spec.matrix.org/latest/client-server-api/#get_matrixclientv3accountwhoami
  test: {
    baseUrlField: 'homeserver',
    path: '/_matrix/client/v3/account/whoami',
    headers: { Authorization: 'Bearer {accessToken|token}' },
    identity: { path: 'user_id' },
  },
});
