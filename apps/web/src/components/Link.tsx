import type { ReactNode } from 'react';
import { navigate, pathOf, type Route } from '../router.js';

/** A real link (opens in a new tab, keyboard and screen readers treat it as one) that navigates in place. */
export function Link({ to, children, className }: { to: Route; children: ReactNode; className?: string }) {
  return (
    <a
      href={pathOf(to)}
      className={className}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
