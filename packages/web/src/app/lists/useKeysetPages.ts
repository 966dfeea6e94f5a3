import { useState } from 'react';

/**
 * Where a keyset-paged list stands: the cursors of the pages before this one, so "Previous" can go
 * back without the server counting or skipping rows. The server's lists page forward only
 * (`after=<nextCursor>`); going back is the cursor the page before started from. A change of
 * `scope` (the filters, as one string) starts again at the first page.
 */
export interface KeysetPages {
  /** The cursor this page starts after (undefined on the first page). */
  after: string | undefined;
  /** 0 on the first page. */
  pageIndex: number;
  next: (nextCursor: string) => void;
  previous: () => void;
  first: () => void;
}

export function useKeysetPages(scope: string): KeysetPages {
  const [state, setState] = useState<{ scope: string; cursors: string[] }>({
    scope,
    cursors: [],
  });
  // Derived, not reset in an effect: the first render after a filter changes already asks for
  // the first page, so no request for a stale cursor goes out.
  const cursors = state.scope === scope ? state.cursors : [];
  return {
    after: cursors.at(-1),
    pageIndex: cursors.length,
    // A cursor already on top is the previous page's, still shown while this one loads.
    next: (nextCursor) => {
      if (cursors.at(-1) !== nextCursor) setState({ scope, cursors: [...cursors, nextCursor] });
    },
    previous: () => setState({ scope, cursors: cursors.slice(0, -1) }),
    first: () => setState({ scope, cursors: [] }),
  };
}
