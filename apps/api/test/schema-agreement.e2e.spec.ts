// The published connector schemas say exactly what the API accepts: for every connector type, the
// configs of support/config-cases.ts get the same verdict (accepted or 400) from the Eliza surface
// over real HTTP and from a standard validator (Ajv 8 + ajv-formats, draft-07, set up as the README's
// "Schemas for other apps" says) on the schema the catalog serves, which is the one
// @switchboard/schemas publishes. The "configured" rule (x-configured-when) is checked the same way
// against the package's own evaluator, with more configs around the fields the rule names (alone,
// cleared, disabled, in an enabled or a disabled account).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_CATALOG, type ConnectorTypeInfo, isConnectorConfigured } from '@switchboard/schemas';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { join } from 'node:path';
import { configCases, configuredCases } from './support/config-cases.js';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

function standardValidator(): Ajv {
  const ajv = new Ajv({ allowUnionTypes: true });
  ajvFormats.default(ajv);
  ajv.addKeyword('x-secret');
  ajv.addKeyword('x-configured-when');
  ajv.addKeyword('x-docs-url');
  return ajv;
}

let server: TestServer;
let dir: string;
let served: ConnectorTypeInfo[];
const ajv = standardValidator();

beforeAll(async () => {
  dir = await tempDir();
  server = await startServer({ configPath: join(dir, 'milady.json'), content: '{}\n', env: { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' } });
  served = ((await call(server.url, 'GET', '/api/connector-types')).json as { connectorTypes: ConnectorTypeInfo[] }).connectorTypes;
});

afterAll(async () => {
  await server?.stop();
  await removeDir(dir);
});

const TYPES = Object.keys(CONNECTOR_CATALOG).sort();

describe('published connector schemas and the API', () => {
  it('serve one catalog: the service and @switchboard/schemas publish the same entries', () => {
    expect(served.map((entry) => entry.type).sort()).toEqual(TYPES);
    for (const entry of served) expect(entry).toEqual(CONNECTOR_CATALOG[entry.type as keyof typeof CONNECTOR_CATALOG]);
  });

  it('state no field as required: the API accepts every config partial', () => {
    for (const type of TYPES)
      expect({ type, required: CONNECTOR_CATALOG[type as keyof typeof CONNECTOR_CATALOG].schema.required }).toEqual({ type, required: undefined });
  });

  it.each(TYPES)('%s: every generated config gets the same verdict from the API and from Ajv', async (type) => {
    const schema = CONNECTOR_CATALOG[type as keyof typeof CONNECTOR_CATALOG].schema as Record<string, unknown>;
    const validate = ajv.compile(schema);
    const configured: ValidateFunction | undefined = schema['x-configured-when'] ? ajv.compile(schema['x-configured-when']) : undefined;
    const cases = [...configCases(schema), ...configuredCases(schema)];
    expect(cases.length).toBeGreaterThan(3);
    const disagreements: string[] = [];
    let accepted = 0;
    for (const { label, config } of cases) {
      const answer = await call(server.url, 'POST', '/api/connectors', { json: { name: type, config } });
      expect([200, 400]).toContain(answer.status);
      const api = answer.status === 200;
      const standard = validate(config);
      if (api !== standard) {
        disagreements.push(
          `${label}: API ${api ? 'accepts' : `refuses (${(answer.json as { error: string }).error})`}, Ajv ${standard ? 'accepts' : `refuses (${ajv.errorsText(validate.errors)})`}`,
        );
      }
      if (api) {
        accepted += 1;
        const expected = configured ? configured(config) : Object.keys(config).length > 0;
        if (isConnectorConfigured(type, config) !== expected) disagreements.push(`${label}: isConnectorConfigured disagrees with Ajv on x-configured-when`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(1);
  });
});
