import { type StreamHandle, type StreamResult, useEndStream } from '@tokenflow/streaming';
import { useEffect, useState } from 'react';

/**
 * The stream's complete response once it has ended (done, failed or aborted), from `end(handle)`; undefined while
 * it runs. Every part of the page that shows a final number reads it from here, so they all show the same one.
 */
export function useStreamResult(handle: StreamHandle): StreamResult | undefined {
  const end = useEndStream();
  const [settled, setSettled] = useState<{ handle: StreamHandle; result: StreamResult }>();

  useEffect(() => {
    let current = true;
    end(handle).then(
      (result) => current && setSettled({ handle, result }),
      // Rejects only for a handle the store no longer knows: there is no result to show then.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [end, handle]);

  return settled?.handle === handle ? settled.result : undefined;
}
