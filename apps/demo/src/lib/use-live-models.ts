import { useEffect, useState } from 'react';
import type { ModelCatalog } from '../../api/_lib/live-models.js';

/** The catalog of `GET /api/models` once loaded, or why it could not be. */
export interface LiveModelsState {
  catalog?: ModelCatalog;
  error?: string;
}

/** Asks the route which backend is live and which models the page may pick. */
export function useLiveModels(): LiveModelsState {
  const [state, setState] = useState<LiveModelsState>({});
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/models', { signal: controller.signal })
      .then((response) =>
        response.ok ? (response.json() as Promise<ModelCatalog>) : Promise.reject(new Error(`HTTP ${response.status}`)),
      )
      .then(
        (catalog) => setState({ catalog }),
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ error: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => controller.abort();
  }, []);
  return state;
}
