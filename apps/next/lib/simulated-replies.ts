import type { MockLanguageModelV4 } from 'ai/test';
import type { Recipe } from './recipe';
import type { Weather } from './weather-tool';

/** What the AI SDK hands a model for one call: the prompt so far, the tools on offer, the response format. */
export type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];

/** What the simulated model says in one call: its thoughts first, then text, or a call of one of the tools. */
export interface Reply {
  thoughts: string;
  text?: string;
  toolCall?: { toolName: string; input: Record<string, unknown> };
}

const PLAIN_ANSWER =
  'This answer comes from a simulated model, streamed a word at a time so that you can watch it arrive. ' +
  'Set OPENAI_API_KEY in the environment and restart the app to talk to a real model instead. ' +
  'Everything else is real: the route handler, the UI message stream, the hooks and the text renderer.';

/** The one recipe the simulated model knows, whatever dish is asked for. */
const PANCAKES: Recipe = {
  title: 'Weekend pancakes',
  servings: 4,
  minutes: 25,
  ingredients: [
    { amount: '200 g', item: 'plain flour' },
    { amount: '300 ml', item: 'milk' },
    { amount: '2', item: 'eggs' },
    { amount: '2 tbsp', item: 'melted butter' },
    { amount: '2 tsp', item: 'baking powder' },
  ],
  steps: [
    'Whisk the flour and the baking powder in a bowl.',
    'Beat in the eggs, then the milk a little at a time, until smooth.',
    'Stir in the melted butter and let the batter rest for ten minutes.',
    'Fry a ladle of batter at a time in a hot pan, a minute or two on each side.',
  ],
};

/** The text of the last user message. */
function question(options: CallOptions): string {
  const message = options.prompt.findLast((entry) => entry.role === 'user');
  if (message?.role !== 'user') return '';
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
}

/** The city a weather question names: "What is the weather like in Oslo today?" gives "Oslo". */
function cityAskedAbout(text: string): string | undefined {
  const city = /\bweather\b[^?.!]*?\b(?:in|at|for)\s+([^?.!,;]+)/i.exec(text)?.[1];
  return city
    ?.replace(/\s+(?:today|tonight|tomorrow|right now|now)$/i, '')
    .trim()
    .slice(0, 60);
}

/** The answer to a finished weather call, from the tool's result in the prompt. */
function fromWeather(weather: Weather): Reply {
  return {
    thoughts: '',
    text:
      `In ${weather.city} it is ${weather.temperatureC} °C and ${weather.sky}, with the wind at ` +
      `${weather.windKph} km/h. That comes from the weather tool, which makes its numbers up.`,
  };
}

/**
 * What to say, from the call alone: after a tool's result, the answer built on it; asked for JSON (a structured
 * output), the recipe; asked about the weather on a route offering the `weather` tool, a call of it; else the
 * plain answer. Each but the answer after a tool thinks first.
 */
export function replyTo(options: CallOptions): Reply {
  const last = options.prompt.at(-1);
  if (last?.role === 'tool') {
    const result = last.content.find((part) => part.type === 'tool-result' && part.toolName === 'weather');
    if (result?.type === 'tool-result' && result.output.type === 'json') {
      return fromWeather(result.output.value as unknown as Weather);
    }
    return { thoughts: '', text: 'The tool gave nothing I could read.' };
  }
  if (options.responseFormat?.type === 'json') {
    return {
      thoughts:
        'The request wants JSON of a given shape, not prose. Pancakes fit any kitchen: a title, ' +
        'the servings and time, five ingredients and four steps.',
      text: JSON.stringify(PANCAKES),
    };
  }
  const offersWeather = options.tools?.some((tool) => tool.name === 'weather') ?? false;
  const city = offersWeather ? cityAskedAbout(question(options)) : undefined;
  if (city) {
    return {
      thoughts: `The question is about the weather in ${city} now. I cannot know that myself, so I will ask the weather tool.`,
      toolCall: { toolName: 'weather', input: { city } },
    };
  }
  return {
    thoughts:
      'No API key is set, so the simulated model is answering. It has one answer for every question; ' +
      'these thoughts stream first, as a reasoning model streams its own.',
    text: PLAIN_ANSWER,
  };
}
