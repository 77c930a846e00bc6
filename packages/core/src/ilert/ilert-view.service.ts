import { Injectable } from '@nestjs/common';
import { ConnectorService } from '../connectors/connector.service.js';
import type { ConnectorRecord } from '../registry/connector-record.js';

/** The ilert `Connector` JSON of a record; the redacted form is serialised once per record version. */
@Injectable()
export class IlertViewService {
  private readonly redacted = new WeakMap<ConnectorRecord, string>();

  constructor(private readonly connectors: ConnectorService) {}

  json(record: ConnectorRecord, reveal: boolean): string {
    if (reveal) return JSON.stringify(this.shape(record, record.config));
    let json = this.redacted.get(record);
    if (json === undefined) {
      json = JSON.stringify(this.shape(record, this.connectors.redacted(record)));
      this.redacted.set(record, json);
    }
    return json;
  }

  list(records: readonly ConnectorRecord[], reveal: boolean): string {
    return `[${records.map((record) => this.json(record, reveal)).join(',')}]`;
  }

  private shape(record: ConnectorRecord, params: unknown) {
    return { id: record.id, type: this.connectors.clientType(record), name: record.name, createdAt: record.createdAt, updatedAt: record.updatedAt, params };
  }
}
