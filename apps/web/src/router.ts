import { useEffect, useState } from 'react';

// Three pages need no routing library: paths under /ui/ map to a Route, history.pushState moves between
// them, and the server answers every client path with index.html (SPA fallback).
export const BASE = '/ui/';

export type Route = { page: 'list' } | { page: 'new' } | { page: 'edit'; name: string } | { page: 'audit' };

export function routeOf(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : '';
  if (rest === 'new') return { page: 'new' };
  if (rest === 'audit') return { page: 'audit' };
  const match = /^connectors\/(.+)$/.exec(rest);
  if (match) {
    try {
      return { page: 'edit', name: decodeURIComponent(match[1]) };
    } catch {
      return { page: 'list' };
    }
  }
  return { page: 'list' };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'list':
      return BASE;
    case 'new':
      return `${BASE}new`;
    case 'audit':
      return `${BASE}audit`;
    case 'edit':
      return `${BASE}connectors/${encodeURIComponent(route.name)}`;
  }
}

export function navigate(route: Route): void {
  history.pushState(null, '', pathOf(route));
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}
