import { CredentialParam, defineConnector, DescribeParam, WebhookUrlParams } from '@switchboard/sdk';

/**
 * Zoom Team Chat through Zoom's Incoming Webhook app. Our proposal: ilert's own Zoom Chat connector
 * is authorised by OAuth in the ilert UI and has no params in the published API.
 */
export class ZoomChatConfig extends WebhookUrlParams {
  @DescribeParam({
    title: 'Endpoint URL',
    description: 'Endpoint the Incoming Webhook app returns for "/inc connect <name>" in the channel (proposed field)',
    examples: ['https://integrations.zoom.us/chat/webhooks/incomingwebhook/xxxxxxxx'],
  })
  override url?: string;

  @CredentialParam({ title: 'Verification token', description: 'Verification token of that connection, sent as the Authorization header (proposed field)' })
  authorization?: string;
}

export default defineConnector({
  type: 'zoom_chat',
  displayName: 'Zoom Team Chat',
  description: 'Posts ilert alerts to a Zoom Team Chat channel via the Incoming Webhook app (field set is our proposal).',
  docsUrl: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0067640',
  config: ZoomChatConfig,
});
