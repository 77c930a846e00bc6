/** Which API surface a request belongs to decides its error shape. */
export type Surface = 'eliza' | 'ilert';

export interface SurfaceResolver {
  surfaceOf(url: string): Surface;
}

export function prefixSurfaceResolver(ilertPrefix: string): SurfaceResolver {
  const prefix = ilertPrefix.replace(/\/+$/, '');
  return {
    surfaceOf: (url) => (prefix !== '' && (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) ? 'ilert' : 'eliza'),
  };
}
