import { defineConnector, ElizaPluginConfig, Field, Secret } from '@switchboard/sdk';
import { IsArray, IsBoolean, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

const SHIP = /^~?[a-z]{3,6}(-{1,2}[a-z]{6})*$/;

/**
 * Tlon (proposed key `tlon`): the Eliza plugin catalog's TLON_* settings, camelCased. The catalog does
 * not flag `code`, but it is the ship's login code, so it is a secret here.
 */
export class TlonConfig extends ElizaPluginConfig {
  @Field({ title: 'Access code', description: 'Login code of the ship (Landscape/Tlon: System preferences > Access key, or "+code" in the dojo)' })
  @Secret()
  @Matches(/^[a-z]{6}(-[a-z]{6}){3}$/, { message: 'code must be a ship access code: four six-letter words joined by "-"' })
  code?: string;

  @Field({ description: 'Name of the Urbit ship the agent runs as (its @p)', examples: ['~sampel-palnet'] })
  @IsOptional()
  @Matches(SHIP, { message: 'ship must be an Urbit ship name such as "~sampel-palnet"' })
  ship?: string;

  @Field({
    title: 'Ship URL',
    description: 'URL the ship is served at: the address you open Landscape or Tlon at',
    examples: ['https://sampel-palnet.tlon.network'],
  })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['https', 'http'] })
  url?: string;

  @Field({ description: 'Group channels the agent takes part in', examples: [['chat/~sampel-palnet/general']] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  groupChannels?: string[];

  @Field({ description: 'Ships allowed to message the agent directly' })
  @IsOptional()
  @IsArray()
  @Matches(SHIP, { each: true, message: 'dmAllowlist must hold Urbit ship names such as "~sampel-palnet"' })
  dmAllowlist?: string[];

  @Field({ description: "Join new channels of the ship's groups automatically" })
  @IsOptional()
  @IsBoolean()
  autoDiscoverChannels?: boolean;
}

export default defineConnector({
  type: 'tlon',
  displayName: 'Tlon',
  description: 'An Urbit ship the agent chats from in Tlon groups and direct messages.',
  docsUrl: 'https://docs.urbit.org/',
  config: TlonConfig,
  elizaRuntime: true,
});
