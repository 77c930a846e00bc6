import { defineConnector } from '@switchboard/sdk';
import { MatrixConfig } from './config.js';

export { MatrixConfig } from './config.js';

export default defineConnector({
  type: 'matrix',
  displayName: 'Matrix',
  description: 'A Matrix bot user the agent talks through, on any homeserver.',
  docsUrl: 'https://spec.matrix.org/latest/client-server-api/#login',
  config: MatrixConfig,
  // https://spec.matrix.org/latest/client-server-api/#get_matrixclientv3accountwhoami
  test: {
    baseUrlField: 'homeserver',
    path: '/_matrix/client/v3/account/whoami',
    headers: { Authorization: 'Bearer {accessToken|token}' },
    identity: { path: 'user_id' },
  },
});
