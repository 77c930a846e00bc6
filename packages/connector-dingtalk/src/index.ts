import { CredentialParam, defineConnector, DescribeParam, WebhookUrlParams } from '@switchboard/sdk';

/** ilert's DingTalk connector (EParamsDingTalk): a custom group robot with signing on. */
export class DingTalkConfig extends WebhookUrlParams {
  @DescribeParam({
    description: 'Webhook URL of the DingTalk custom robot, access_token included (group > Group Assistant > Add Robot > Custom)',
    examples: ['https://oapi.dingtalk.com/robot/send?access_token=xxxxxxxx'],
  })
  override url?: string;

  @CredentialParam({ title: 'Signing secret', description: 'Secret of the robot\'s "Additional Signature" security setting (starts with SEC)' })
  secret?: string;
}

export default defineConnector({
  type: 'dingtalk',
  displayName: 'DingTalk',
  description: 'Posts ilert alerts to a DingTalk group through a custom robot.',
  docsUrl: 'https://open.dingtalk.com/document/robots/custom-robot-access',
  config: DingTalkConfig,
});
