/**
 * What a bench run streams, shared by the token server, the pages and the runner, so that all three agree on the
 * exact text (the page and the runner check the final text against it).
 */

export type TextKind = 'ascii' | 'emoji' | 'cjk' | 'mixed';

export interface StreamScenario {
  /** Tokens per stream (of its text: the answer). */
  tokens: number;
  /**
   * Reasoning tokens before the text (a reasoning model's stream: `reasoning-start`, this many `reasoning-delta`,
   * `reasoning-end`, then the text). Reasoning token `i` is `tokenText(text, i)`, like the answer's; 0 or absent: none.
   */
  reasoning?: number;
  /** Tokens per second; 0 sends everything at once (a burst). */
  rate: number;
  text: TextKind;
}

const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'stream', 'token', 'render', 'frame', 'react'];
// Multi-code-unit tokens: surrogate pairs, a ZWJ sequence and a flag, to catch renderers that split or drop them.
const EMOJI = ['🙂', '🚀', '👩‍💻', '🇫🇷', '✨', '🧪'];
const CJK = ['流', '式', '令', '牌', '渲', '染', '你好', '世界'];

/** Token `i` of a stream: deterministic, so the expected text never has to travel. */
export function tokenText(kind: TextKind, i: number): string {
  const k = kind === 'mixed' ? (['ascii', 'ascii', 'ascii', 'emoji', 'cjk'] as const)[i % 5] : kind;
  if (k === 'emoji') return EMOJI[i % EMOJI.length] as string;
  if (k === 'cjk') return CJK[i % CJK.length] as string;
  return `${i === 0 ? '' : ' '}${WORDS[i % WORDS.length]}`;
}

export function expectedText(kind: TextKind, tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += tokenText(kind, i);
  return text;
}

/** The scenario as query parameters of the route URL: every client, whatever it POSTs, can be pointed at it. */
export function scenarioQuery(s: StreamScenario): string {
  return `n=${s.tokens}&rate=${s.rate}&text=${s.text}${s.reasoning ? `&reasoning=${s.reasoning}` : ''}`;
}

/**
 * The output element of stream `sid`'s reasoning: `<… data-out="r{sid}">` (its text is `<… data-out="{sid}">`). The
 * server records the reasoning tokens' write times under this id too.
 */
export const reasoningOut = (sid: string | number): string => `r${sid}`;

export function parseScenario(params: URLSearchParams): StreamScenario {
  const text = params.get('text') ?? 'mixed';
  return {
    tokens: Number(params.get('n') ?? 100),
    rate: Number(params.get('rate') ?? 0),
    text: (['ascii', 'emoji', 'cjk', 'mixed'].includes(text) ? text : 'mixed') as TextKind,
    reasoning: Number(params.get('reasoning') ?? 0),
  };
}
