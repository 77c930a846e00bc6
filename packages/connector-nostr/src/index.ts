import { defineConnector, DirectMessagingConfig, Field, Secret } from '@switchboard/sdk';
import { ArrayNotEmpty, IsArray, IsOptional, IsUrl, Matches } from 'class-validator';

/**
 * Nostr (key `nostr`, no schema): the Eliza plugin catalog's NOSTR_* settings, camelCased, with the
 * shared DM policy (dmPolicy, allowFrom). allowFrom holds npub or hex public keys.
 */
export class NostrConfig extends DirectMessagingConfig {
  @Field({
    title: 'Private key',
    description: "Private key of the agent's identity, nsec1... (NIP-19) or 64 hex characters; from the client that created the keys",
  })
  @Secret()
  @Matches(/^(nsec1[02-9ac-hj-np-z]{58}|[0-9a-f]{64})$/, { message: 'privateKey must be an nsec1... key or 64 lowercase hex characters' })
  privateKey?: string;

  @Field({
    description: 'Relay URLs (wss://...) the agent publishes to and reads from: relays your Nostr client lists, or any public relay',
    examples: [['wss://relay.damus.io', 'wss://nos.lol']],
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsUrl({ require_protocol: true, protocols: ['wss', 'ws'], require_tld: false }, { each: true })
  relays?: string[];
}

export default defineConnector({
  type: 'nostr',
  displayName: 'Nostr',
  description: 'A Nostr identity the agent posts and answers direct messages with, over the relays you choose.',
  docsUrl: 'https://github.com/nostr-protocol/nips/blob/master/19.md',
  config: NostrConfig,
  elizaRuntime: true,
});
