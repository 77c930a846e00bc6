/** Where the connector-type catalog is served; error messages point clients to it. */
export const CATALOG_ROUTE = 'api/connector-types';

/**
 * The type the ilert surface shows for a connector whose name matches no plugin (an Eliza entry such
 * as "my-telegram"): ilert's generic connector type, which its clients know and the catalog lists.
 */
export const GENERIC_CONNECTOR_TYPE = 'dynamic';

/** " (closest: "a", "b")" or "" — the suggestion part of a message about a name that matches no type. */
export function closestHint(types: readonly string[]): string {
  return types.length === 0 ? '' : `; closest: ${types.map((type) => `"${type}"`).join(', ')}`;
}

/** What a client is told about a type no plugin has, wherever it named one: where the types are, and the closest. */
export function unknownTypeMessage(type: string, closest: readonly string[]): string {
  return `Unknown connector type "${type}": GET /${CATALOG_ROUTE} lists the types${closestHint(closest)}`;
}
