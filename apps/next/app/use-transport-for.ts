'use client';

import { httpTransport, useStreamingStore } from '@tokenflow/streaming';
import { useEffect } from 'react';

/** Points the store at `api` for the streams started from now on. */
export function useTransportFor(api: string): void {
  const store = useStreamingStore();
  useEffect(() => store.configure({ transport: httpTransport({ api }) }), [store, api]);
}
