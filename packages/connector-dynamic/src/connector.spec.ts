import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [
    { url: 'https://hooks.example.com/ilert/dynHookPathFake0ee55?key=dynQueryFake0ff66', authorization: 'Bearer dynamic-fake-0gg77' },
    { url: 'http://internal-gateway:9000/alerts' },
    { authorization: 'Basic ZHluYW1pYy1mYWtl', extra: 'kept as sent' },
  ],
  invalid: [
    { config: { url: 'not a url' }, field: 'url' },
    { config: { authorization: 10 }, field: 'authorization' },
  ],
  masks: { url: 'https://hooks.example.com/****/****?key=****', authorization: '****' },
});
