import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/problem';
import { initialData } from '../ssr/initial-data';

export interface Data<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads what a screen shows; reloads when `deps` change. Errors become ApiErrors to show.
 * `initialKey` names the data of a page the server may draw (ssr/initial-data.ts): the
 * first render then starts with it, and nothing is asked for until `deps` change.
 */
export function useData<T>(load: () => Promise<T>, deps: unknown[], initialKey?: string): Data<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>(() => {
    const data = initialKey === undefined ? undefined : initialData(initialKey, load);
    return data === undefined ? { data: null, error: null, loading: true } : { data, error: null, loading: false };
  });
  const [generation, setGeneration] = useState(0);
  const given = useRef(!state.loading);
  useEffect(() => {
    if (given.current) {
      given.current = false;
      return;
    }
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error: error instanceof ApiError ? error : new ApiError(0, 'offline', ''), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}
