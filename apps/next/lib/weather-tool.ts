import { tool } from 'ai';
import { z } from 'zod';

const SKIES = ['clear', 'cloudy', 'drizzly', 'foggy', 'snowy', 'sunny', 'windy'] as const;

/** What the `weather` tool answers. */
export interface Weather {
  city: string;
  temperatureC: number;
  sky: (typeof SKIES)[number];
  windKph: number;
}

/**
 * Made-up weather, with no network and no key: the same city always gets the same weather (a hash of its name
 * picks the numbers), so the example and its tests are repeatable.
 */
export function weatherIn(city: string): Weather {
  const name = city.trim();
  let hash = 7;
  for (const char of name.toLowerCase()) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return {
    city: name,
    temperatureC: (hash % 36) - 8,
    sky: SKIES[(hash >>> 6) % SKIES.length] ?? 'clear',
    windKph: 2 + ((hash >>> 12) % 40),
  };
}

/** Waits `ms`, or less when `signal` aborts (a Stop while the tool runs); its listener goes when the wait ends. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * The route's one tool. The model writes its input (`{ city }`), the route runs `execute` and gives the model the
 * result for its next step. It takes a moment, as a real lookup would, so the page can show a call that runs.
 */
export const weatherTool = tool({
  description: 'The weather in a city now: temperature, sky and wind. Made-up data.',
  inputSchema: z.object({ city: z.string().min(1).describe('The city, e.g. "Oslo"') }),
  execute: async ({ city }, { abortSignal }) => {
    await wait(400, abortSignal);
    return weatherIn(city);
  },
});
