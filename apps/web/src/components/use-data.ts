import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/problem';

export interface Data<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads what a screen shows; reloads when `deps` change. Errors become ApiErrors to show. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): Data<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
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
