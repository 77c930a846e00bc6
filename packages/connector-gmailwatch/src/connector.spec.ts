import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    {
      account: 'agent@example.com',
      label: 'INBOX',
      topic: 'projects/agent-project/topics/gog-gmail-watch',
      subscription: 'gog-gmail-watch-push',
      pushToken: 'gmail-push-token-5150',
      hookUrl: 'http://127.0.0.1:18789/hooks/gmail',
      includeBody: true,
      maxBytes: 20000,
      serve: { bind: '127.0.0.1', port: 8788, path: '/gmail-pubsub' },
      tailscale: { mode: 'funnel', path: '/gmail-pubsub', target: 'http://127.0.0.1:8788/gmail-pubsub' },
      thinking: 'low',
    },
  ],
  invalid: [
    { config: { account: 'agent' }, field: 'account' },
    { config: { renewEveryMinutes: 0 }, field: 'renewEveryMinutes' },
    { config: { thinking: 'maximal' }, field: 'thinking' },
    { config: { serve: 'localhost:8788' }, field: 'serve' },
    { config: { serve: { port: 70000 } }, field: 'serve.port' },
    { config: { tailscale: { mode: 'public' } }, field: 'tailscale.mode' },
  ],
  masks: { pushToken: '****' },
});
