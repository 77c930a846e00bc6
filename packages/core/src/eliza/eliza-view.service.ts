import { Injectable } from '@nestjs/common';
import { redactConfig } from '@switchboard/sdk';
import { ConnectorService } from '../connectors/connector.service.js';

/**
 * The redacted `{"connectors": {...}}` answer, serialised once per registry revision: reads cost a
 * buffer send, writes invalidate it.
 */
@Injectable()
export class ElizaViewService {
  private cached: { revision: number; body: Buffer } | undefined;

  constructor(private readonly connectors: ConnectorService) {}

  body(): Buffer {
    const registry = this.connectors.registry;
    if (this.cached?.revision !== registry.revision) {
      this.cached = { revision: registry.revision, body: Buffer.from(JSON.stringify({ connectors: this.map() })) };
    }
    return this.cached.body;
  }

  private map(): Record<string, unknown> {
    // Null prototype: names are data, never object machinery.
    const map: Record<string, unknown> = Object.create(null);
    for (const [name, value] of this.connectors.registry.reservedEntries()) map[name] = redactConfig(value);
    for (const record of this.connectors.registry.list()) map[record.name] = this.connectors.redacted(record);
    return map;
  }
}
