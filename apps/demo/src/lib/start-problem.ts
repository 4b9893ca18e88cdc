import { MAX_OUTPUT_TOKENS } from './settings.js';

/** A refused Start, in words for the person at the form, and the field to fix (undefined: none in particular). */
export interface StartProblem {
  field: string | undefined;
  message: string;
}

/** What to do about each request field the library may refuse, said plainly. */
const FIX_BY_FIELD: Record<string, string> = {
  prompt: 'Type a question in the prompt first, or pick an example below it.',
  maxOutputTokens: `Max output tokens must be a whole number from 1 to ${MAX_OUTPUT_TOKENS}.`,
  temperature: 'Temperature must be between 0 and 2.',
  model: 'Pick one of the models in the list.',
  seed: 'The seed must be a whole number, or empty for none.',
};

/** The problem with a prompt before anything is sent: only spaces counts as empty. */
export function promptProblem(prompt: string): StartProblem | undefined {
  return prompt.trim() === '' ? { field: 'prompt', message: FIX_BY_FIELD.prompt as string } : undefined;
}

/** A refusal from `start` (a StreamError with the field it names) turned into plain words. */
export function startProblem(field: string | undefined, message: string): StartProblem {
  const fix = field === undefined ? undefined : FIX_BY_FIELD[field];
  return { field, message: fix ?? `The stream could not start: ${message}` };
}
