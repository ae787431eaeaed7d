import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/problem';

export interface Paged<T> {
  items: T[];
  /** More pages exist: `more()` loads the next one. */
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  more: () => void;
}

type Load<T> = (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>;

/** Pages of a list (cursor paging): the first page when `deps` change, then one more per `more()`. */
export function usePaged<T>(load: Load<T>, deps: unknown[]): Paged<T> {
  const [state, setState] = useState<{ items: T[]; cursor: string | null; loading: boolean; error: ApiError | null }>({
    items: [],
    cursor: null,
    loading: true,
    error: null,
  });
  const [request, setRequest] = useState<{ cursor: string | undefined; generation: number }>({ cursor: undefined, generation: 0 });

  // A new search starts again from the first page.
  useEffect(() => setRequest((r) => ({ cursor: undefined, generation: r.generation + 1 })), deps);

  useEffect(() => {
    if (request.generation === 0) return;
    let current = true;
    const first = request.cursor === undefined;
    setState((s) => ({ ...s, items: first ? [] : s.items, loading: true, error: null }));
    load(request.cursor).then(
      (page) => current && setState((s) => ({ items: first ? page.items : [...s.items, ...page.items], cursor: page.nextCursor, loading: false, error: null })),
      (error: unknown) => current && setState((s) => ({ ...s, loading: false, error: error instanceof ApiError ? error : new ApiError(0, 'offline', '') })),
    );
    return () => {
      current = false;
    };
  }, [request]);

  return {
    items: state.items,
    hasMore: state.cursor !== null && !state.loading,
    loading: state.loading,
    error: state.error,
    more: () => state.cursor && setRequest((r) => ({ cursor: state.cursor!, generation: r.generation })),
  };
}
