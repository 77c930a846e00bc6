import type { ConnectorRecord } from '../../registry/connector-record.js';
import { connectorMapKey, type Document, type FileView } from './eliza-document.js';

/**
 * The file as read, with each connector and reserved entry as this store would write it now
 * (`sealed`, `sealedReserved`: the secrets sealed), every other key and entry untouched; undefined when that is what the file
 * already holds. What the backup keeps once encryption is on, so no copy of a secret stays in clear.
 */
export function sealedBackup(
  view: FileView,
  sealed: (record: ConnectorRecord) => unknown,
  sealedReserved: (name: string, value: unknown) => unknown,
): Document | undefined {
  let changed = false;
  const map = Object.create(null) as Record<string, unknown>;
  for (const [name, raw] of view.entries) {
    const record = view.records.get(name);
    const included = view.included.has(name);
    const value = record ? sealed(record) : view.reserved.has(name) && !included ? sealedReserved(name, view.reserved.get(name)) : raw;
    if (value !== raw) changed = true;
    map[name] = value;
  }
  if (!changed) return undefined;
  const mapKey = connectorMapKey(view.document);
  const copy = Object.create(null) as Document;
  for (const key of Object.keys(view.document)) copy[key] = key === mapKey ? map : view.document[key];
  return copy;
}
