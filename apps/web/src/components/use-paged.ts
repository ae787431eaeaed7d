import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/problem';
import { initialData } from '../ssr/initial-data';

export interface Paged<T> {
  items: T[];
  /** More pages exist: `more()` loads the next one. */
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  more: () => void;
}

type Load<T> = (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>;

/**
 * Pages of a list (cursor paging): the first page when `deps` change, then one more per
 * `more()`. The first page is asked for in the effect that sees the change, not after one
 * more render: on a slow phone that render is a visible part of the wait.
 */
export function usePaged<T>(load: Load<T>, deps: unknown[], initialKey?: string): Paged<T> {
  // The first page the server drew the screen with, if any (see useData).
  const [state, setState] = useState<{ items: T[]; cursor: string | null; loading: boolean; error: ApiError | null }>(() => {
    const page = initialKey === undefined ? undefined : initialData(initialKey, () => load(undefined));
    return page === undefined ? { items: [], cursor: null, loading: true, error: null } : { items: page.items, cursor: page.nextCursor, loading: false, error: null };
  });
  const given = useRef(!state.loading);
  // Answers to an earlier search (or from before unmounting) are dropped.
  const search = useRef(0);

  const fetchPage = (cursor: string | undefined) => {
    const first = cursor === undefined;
    const mine = first ? ++search.current : search.current;
    setState((s) => ({ ...s, items: first ? [] : s.items, loading: true, error: null }));
    load(cursor).then(
      (page) => mine === search.current && setState((s) => ({ items: first ? page.items : [...s.items, ...page.items], cursor: page.nextCursor, loading: false, error: null })),
      (error: unknown) => mine === search.current && setState((s) => ({ ...s, loading: false, error: error instanceof ApiError ? error : new ApiError(0, 'offline', '') })),
    );
  };

  useEffect(() => {
    if (given.current) given.current = false;
    else fetchPage(undefined);
    return () => {
      search.current++;
    };
  }, deps);

  return {
    items: state.items,
    hasMore: state.cursor !== null && !state.loading,
    loading: state.loading,
    error: state.error,
    more: () => {
      if (state.cursor) fetchPage(state.cursor);
    },
  };
}
