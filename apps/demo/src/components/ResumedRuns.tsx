import { type StreamHandle, useStreamHandles } from '@tokenflow/streaming';
import { useEffect, useRef } from 'react';
import { rememberedOutput } from '../lib/run-outputs.js';
import type { Run } from '../lib/settings.js';

/** Props of {@link ResumedRuns}. */
export interface ResumedRunsProps {
  runs: readonly Run[];
  onResumed: (runs: Run[]) => void;
}

/** A stream the store brought back, shown as it was before the reload (a recipe as a recipe). */
function resumedRun(handle: StreamHandle): Run {
  const output = rememberedOutput(handle);
  return { handle, label: 'Resumed after a reload', ...(output && { output }) };
}

/**
 * After a reload, shows the streams the store brought back (`resumeOnReload`): the first handles the store lists
 * on a page that shows none yet are those. Renders nothing.
 */
export function ResumedRuns({ runs, onResumed }: ResumedRunsProps) {
  const handles = useStreamHandles();
  const looked = useRef(false);
  useEffect(() => {
    if (looked.current || handles.length === 0) return;
    looked.current = true;
    if (runs.length === 0) onResumed(handles.map(resumedRun));
  }, [handles, runs, onResumed]);
  return null;
}
