import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { username: 'agent.account', password: 'insta-pass-0042', proxy: 'http://proxyuser:proxypass@proxy.example.com:8080' },
    { username: 'agent_two', password: 'insta-pass-0043', verificationCode: '493817' },
  ],
  invalid: [
    { config: { username: 'has spaces' }, field: 'username' },
    { config: { verificationCode: '12ab' }, field: 'verificationCode' },
    { config: { proxy: 'proxy.example.com:8080' }, field: 'proxy' },
  ],
  masks: { password: '****', proxy: 'http://****:****@proxy.example.com:8080' },
});
