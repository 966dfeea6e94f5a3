import { lazy, type ComponentType } from 'react';

/**
 * A page loaded only when someone opens it: each page and what only it uses becomes a file of its
 * own, so signing in does not download every screen. The layout shows a loader meanwhile.
 *
 *   const CareCasePage = lazyPage(() => import('../features/care-cases/CareCasePage.tsx'), 'CareCasePage');
 */
export function lazyPage<Name extends string>(
  load: () => Promise<{ [Key in Name]: ComponentType }>,
  name: Name,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}
