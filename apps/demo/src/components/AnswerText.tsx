import type { StreamHandle } from '@tokenflow/streaming';
import { StreamText } from './StreamText.js';
import { TokenBoundaries } from './TokenBoundaries.js';

/** Props of {@link AnswerText}. */
export interface AnswerTextProps {
  handle: StreamHandle;
  label: string;
  /** Each token on its own background (the page's switch), or the text as one. */
  showBoundaries: boolean;
}

/** The answer's text, token by token when the boundaries are shown, else as the library's growing text. */
export function AnswerText({ handle, label, showBoundaries }: AnswerTextProps) {
  return showBoundaries ? (
    <TokenBoundaries handle={handle} label={label} />
  ) : (
    <StreamText handle={handle} label={label} />
  );
}
