import { defineConnector } from '@switchboard/sdk';
import { SignalConfig } from './config.js';

export { SignalConfig } from './config.js';

export default defineConnector({
  type: 'signal',
  displayName: 'Signal',
  description: 'A Signal account the agent uses through signal-cli (registered or linked as a device).',
  docsUrl: 'https://github.com/AsamK/signal-cli/wiki/Linking-other-devices-(Provisioning)',
  config: SignalConfig,
});
