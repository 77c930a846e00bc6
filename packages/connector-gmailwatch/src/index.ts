import { defineConnector, Field, OptionalNested, OptionalPort, Secret } from '@switchboard/sdk';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsPositive, IsString, IsUrl } from 'class-validator';

/** `hooks.gmail.serve`: the watcher's local endpoint that Pub/Sub pushes to. */
export class GmailWatchServe {
  @Field({ description: 'Address the push endpoint listens on', examples: ['127.0.0.1'] })
  @IsOptional()
  @IsString()
  bind?: string;

  @Field({ description: 'Port the push endpoint listens on', examples: [8788] })
  @OptionalPort()
  port?: number;

  @Field({ description: 'URL path of the push endpoint', examples: ['/gmail-pubsub'] })
  @IsOptional()
  @IsString()
  path?: string;
}

/** `hooks.gmail.tailscale`: publishing the push endpoint through Tailscale, so Pub/Sub can reach it. */
export class GmailWatchTailscale {
  @Field({ description: 'off; serve: reachable on your tailnet; funnel: reachable from the internet, as Pub/Sub push needs' })
  @IsOptional()
  @IsIn(['off', 'serve', 'funnel'])
  mode?: string;

  @Field({ description: 'Path the endpoint is published under', examples: ['/gmail-pubsub'] })
  @IsOptional()
  @IsString()
  path?: string;

  @Field({ description: 'Where Tailscale forwards requests: a port, host:port or URL of the local push endpoint (default: the serve endpoint)' })
  @IsOptional()
  @IsString()
  target?: string;
}

/**
 * Gmail Watch (proposed key `gmailwatch`): the fields of the runtime's `hooks.gmail` block, which
 * drives `gog gmail watch serve` (Gmail watch + Pub/Sub push, renewed automatically).
 */
export class GmailWatchConfig {
  @Field({
    title: 'Push token',
    description: 'Shared secret the Pub/Sub push subscription sends with each delivery; choose one and put it in the push endpoint',
  })
  @Secret()
  @IsString()
  pushToken?: string;

  @Field({ description: 'Gmail address to watch; setting it turns the watcher on', examples: ['agent@example.com'] })
  @IsOptional()
  @IsEmail()
  account?: string;

  @Field({ description: 'Gmail label to watch: INBOX or another label of the mailbox', examples: ['INBOX'] })
  @IsOptional()
  @IsString()
  label?: string;

  @Field({ description: 'Pub/Sub topic Gmail publishes changes to (Google Cloud console > Pub/Sub)', examples: ['projects/my-project/topics/gog-gmail-watch'] })
  @IsOptional()
  @IsString()
  topic?: string;

  @Field({ description: 'Pub/Sub push subscription on that topic (Google Cloud console > Pub/Sub > Subscriptions)', examples: ['gog-gmail-watch-push'] })
  @IsOptional()
  @IsString()
  subscription?: string;

  @Field({ description: 'Agent webhook URL the watcher delivers new mail to' })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https'] })
  hookUrl?: string;

  @Field({ description: 'Include the message body, not just headers and snippet' })
  @IsOptional()
  @IsBoolean()
  includeBody?: boolean;

  @Field({ description: 'Most bytes of a message body passed on' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  maxBytes?: number;

  @Field({ description: 'Minutes between renewals of the Gmail watch (Gmail drops a watch after 7 days)' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  renewEveryMinutes?: number;

  @Field({ description: 'DANGEROUS: pass mail content to the agent without the external-content safety wrapping' })
  @IsOptional()
  @IsBoolean()
  allowUnsafeExternalContent?: boolean;

  @Field({ description: 'Local push endpoint of the watcher' })
  @OptionalNested(() => GmailWatchServe)
  serve?: GmailWatchServe;

  @Field({ description: 'Expose the push endpoint through Tailscale' })
  @OptionalNested(() => GmailWatchTailscale)
  tailscale?: GmailWatchTailscale;

  @Field({ description: 'Model that processes mail, as provider/model or an alias' })
  @IsOptional()
  @IsString()
  model?: string;

  @Field({ description: 'Thinking level used for mail processing' })
  @IsOptional()
  @IsIn(['off', 'minimal', 'low', 'medium', 'high'])
  thinking?: string;
}

export default defineConnector({
  type: 'gmailwatch',
  displayName: 'Gmail Watch',
  description: 'Watches a Gmail mailbox through Pub/Sub push and hands new mail to the agent.',
  docsUrl: 'https://developers.google.com/workspace/gmail/api/guides/push',
  config: GmailWatchConfig,
  elizaRuntime: true,
});
