import type { ExampleId } from '../../src/lib/example-prompts.js';

/**
 * One sentence of an answer: fixed text, or alternatives a warmer sampler may pick instead of the first (the one
 * temperature 0 always gives). An empty alternative leaves the sentence out.
 */
export type Sentence = string | readonly string[];

/** An answer the simulated model knows: paragraphs of sentences. */
export interface KnownAnswer {
  /** Whether a prompt asks this question (word cues, so rewordings of the example are recognized too). */
  asks: (prompt: string) => boolean;
  paragraphs: readonly (readonly Sentence[])[];
}

const has = (prompt: string, ...patterns: RegExp[]) => patterns.every((pattern) => pattern.test(prompt));

/** The answers to the page's example prompts. */
export const KNOWN_ANSWERS: Record<ExampleId, KnownAnswer> = {
  capital: {
    asks: (prompt) => has(prompt, /\bcapital\b/i, /\bfrance\b/i),
    paragraphs: [
      [
        [
          'The capital of France is Paris.',
          'Paris is the capital of France.',
          "France's capital is Paris.",
          'The answer is Paris.',
        ],
        [
          'It is also the largest city in the country, on the river Seine in the north of France.',
          'The city sits on the Seine, in the north of the country, and is by far its largest.',
          'Besides the government, it is home to the Louvre, the Eiffel Tower and about two million people.',
          '',
        ],
      ],
    ],
  },

  streaming: {
    asks: (prompt) => has(prompt, /\b(stream\w*|server-sent|sse)\b/i, /\btokens?\b/i),
    paragraphs: [
      [
        [
          'A language model writes its answer one token at a time, where a token is a word or a piece of one.',
          'Language models produce text token by token: a token is a short piece of text, often a word.',
          'Under the hood, a model never writes a whole answer at once; it predicts one token after another.',
        ],
        [
          'Streaming simply sends each token to the page as soon as it exists, instead of waiting for the end.',
          'Streaming passes every token on the moment it is produced, rather than holding the answer back.',
          'So instead of waiting for the last token, the server can forward each one as it comes.',
        ],
      ],
      [
        [
          'On the server, a route asks the provider for a streamed response and reads the tokens as they arrive.',
          "The server's route calls the provider with streaming turned on and receives the tokens piece by piece.",
        ],
        [
          'It forwards each one over an open HTTP response, usually as server-sent events: small "data:" lines that the browser reads while the response is still coming.',
          'Each token goes down an HTTP response that stays open, commonly as server-sent events, one short message per token or group of tokens.',
        ],
        [
          'When the model finishes, a final message carries the finish reason and the token usage.',
          'A last event reports why the model stopped and how many tokens it used.',
          '',
        ],
      ],
      [
        [
          'In the browser, a reader takes the events off the response and appends each token to the text on screen.',
          'On the page, code reads the response body as it arrives and adds every token to the visible text.',
        ],
        [
          'Rendering every token separately would be wasteful, so good clients batch the tokens that arrive within one frame and update the page once.',
          'Since tokens can arrive faster than the screen refreshes, it pays to group them and redraw once per frame.',
        ],
        [
          'Stopping is just as important: closing the connection tells the server to cancel the request to the model, so no tokens are paid for that nobody will read.',
          'Cancelling closes the connection, and the server then aborts its own request to the model.',
        ],
      ],
      [
        [
          'The result is that people start reading within a fraction of a second, even when the full answer takes much longer.',
          'The first words appear almost at once, which makes even a long answer feel quick.',
          'That is why a streamed answer feels fast: reading starts long before the model is done.',
        ],
      ],
    ],
  },

  haiku: {
    asks: (prompt) => has(prompt, /\bhaiku\b/i),
    paragraphs: [
      [['Grey waves fold and break', 'Salt wind on the harbour wall', 'The tide turns at dusk']],
      [['on the cold shingle,', 'the long swell lifts the moorings,', 'out past the last buoy,']],
      [['the sea keeps its count.', 'gulls ride the slow light.', 'a boat comes home late.']],
    ],
  },

  caching: {
    asks: (prompt) => has(prompt, /\bcach(e|es|ed|ing)\b/i),
    paragraphs: [
      [
        [
          'Caching in Web Applications',
          'Caching for Web Applications: Where, What and for How Long',
          'On Caching in Web Applications',
        ],
      ],
      [
        [
          'Every web application repeats work.',
          'Most of what a web application does, it has done before.',
          'A web application spends much of its time doing the same work again.',
        ],
        'The same page is rendered for thousands of visitors, the same query runs against the database many times a minute, and the same image travels across the network to every browser that asks for it.',
        [
          'Caching is the practice of keeping the result of such work close at hand, so that the next request can be answered without doing it again.',
          'A cache keeps a copy of a result near the place where it is needed, so the next request can skip the work.',
        ],
        [
          'Done well, it makes an application faster, cheaper to run and more resilient; done carelessly, it serves stale or even wrong data.',
          'It is one of the most effective tools for speed and cost, and one of the easiest to get subtly wrong.',
        ],
      ],
      [
        [
          'The first question is where a cache can live.',
          'Caches can sit at several points between the user and the data.',
        ],
        'The closest one is the browser itself, which keeps responses according to the HTTP headers the server sends.',
        'Next come content delivery networks, which hold copies of static files and sometimes whole pages in data centres near the user.',
        'Inside the application there are shared caches such as Redis or Memcached, which store computed values for all servers at once, and in-process caches, which are the fastest of all but belong to a single server.',
        [
          'Finally, the database keeps its own caches of pages and query plans, mostly without any help from the application.',
          'The database, finally, caches pages and query plans of its own, largely out of sight.',
          '',
        ],
      ],
      [
        [
          'HTTP caching deserves a closer look, because it costs almost nothing to use.',
          'HTTP caching is the cheapest kind to adopt.',
        ],
        'A Cache-Control header tells browsers and proxies how long a response stays fresh, and whether it may be shared between users.',
        'Static assets whose file names contain a hash of their content can be cached for a year, because a new version gets a new name.',
        'For responses that change, an ETag or Last-Modified header lets the browser ask whether its copy is still valid and receive a short "304 Not Modified" answer instead of the full body.',
        [
          'Getting these headers right often removes a large share of the traffic before it ever reaches the application.',
          'Set carefully, these headers stop much of the traffic before it reaches a server at all.',
        ],
      ],
      [
        [
          'Application caches are where most of the design decisions are made.',
          'Caches inside the application call for more judgement.',
        ],
        'The common pattern is cache-aside: the code looks for a value in the cache, and on a miss it computes the value, stores it and returns it.',
        'Write-through caches update the cache whenever the underlying data is written, which keeps reads fast at the price of slower writes.',
        [
          'Whichever pattern is used, every entry needs a key that captures everything the value depends on, such as the user, the language and the version of the data.',
          'In every pattern, the key must include everything the value depends on, or two different requests will share one answer.',
        ],
      ],
      [
        [
          'The hard part is invalidation: knowing when a cached value is no longer true.',
          'The real difficulty is deciding when a cached value has stopped being correct.',
        ],
        'The simplest approach is a time to live, after which an entry expires on its own; it accepts that data may be a little out of date for a while.',
        'Where that is not acceptable, the application deletes or updates entries whenever the data changes, or includes a version number in the key so that old entries are simply never read again.',
        [
          'Each approach trades freshness against complexity, and the right balance depends on how much stale data costs the people using the application.',
          'Which one fits depends on what a stale value costs: a slightly old view count is harmless, a wrong account balance is not.',
        ],
      ],
      [
        [
          'Caches also fail in ways of their own.',
          'A cache brings failure modes that the application did not have before.',
        ],
        'When a popular entry expires, many requests may miss at the same moment and all recompute it, a problem known as a stampede; a lock, or refreshing the entry shortly before it expires, prevents it.',
        'A cache that is lost after a restart can leave the database facing the full load at once, so it is worth knowing whether the system survives a cold start.',
        [
          'Memory is limited too, so caches evict entries, usually the least recently used ones, and the hit rate is the number that shows whether the cache earns its keep.',
          'And because memory is finite, entries are evicted, which is why the hit rate is worth watching.',
        ],
      ],
      [
        ['Finally, some data should not be cached at all.', 'Not everything belongs in a cache.'],
        'Responses that contain personal information must never land in a shared cache, which is what the "private" and "no-store" directives are for.',
        [
          'Values that are cheap to compute gain little from caching and still add a place where things can go wrong.',
          'A value that is cheap to compute is often better computed again than cached.',
        ],
      ],
      [
        [
          'In short, caching is a trade: it exchanges a little freshness and some complexity for speed and lower cost.',
          'To sum up, caching buys speed and saves money at the price of freshness and complexity.',
        ],
        [
          'Start with HTTP headers and immutable assets, measure before adding an application cache, choose keys and expiry deliberately, and plan for the moment the cache is empty.',
          'Begin with the HTTP headers, add application caches only where measurements call for them, and always know how each entry becomes invalid.',
        ],
      ],
    ],
  },
};

/** The answer to any other prompt: what the simulation is, and how to talk to a real model instead. */
export function fallbackAnswer(quoted: string, long: boolean): (readonly Sentence[])[] {
  // A question already ends the sentence: no full stop after its closing quote.
  const asked = `"${quoted}"${/[.?!…]$/.test(quoted) ? '' : '.'}`;
  const paragraphs: (readonly Sentence[])[] = [
    [
      [
        `This is the demo's simulated model, so it cannot really answer ${asked}`,
        `You are talking to a simulated model, which has no answer to ${asked}`,
        `The simulated model that runs this demo does not know how to answer ${asked}`,
      ],
      [
        'It only knows the answers to the example prompts under the prompt field; for anything else it streams this note, so you can still watch the tokens arrive.',
        'It knows the answers to the example prompts shown under the prompt field, and streams this note for any other question.',
      ],
    ],
    [
      [
        'To get real answers, set the OPENAI_API_KEY environment variable and start the demo again with pnpm dev.',
        'For real answers, start the demo again with the OPENAI_API_KEY environment variable set.',
      ],
      [
        'The page then streams from OpenAI through the same route; OPENAI_BASE_URL points it at any compatible server, such as Ollama or vLLM.',
        'The same route then streams from OpenAI, or from a compatible server such as Ollama if OPENAI_BASE_URL names it.',
      ],
    ],
  ];
  if (!long) return paragraphs;
  return [
    ...paragraphs,
    [
      'Since you asked for a long answer, here is how the simulation works.',
      'It is a real AI SDK language model that needs no network: the route calls it exactly as it would call a provider.',
      'It cuts its text into word-sized tokens and sends them at a steady pace with a little jitter, after a short wait for the first one.',
    ],
    [
      'It honours the settings a provider would.',
      'Temperature 0 always gives the same text; higher temperatures choose among alternative sentences, differently for each seed.',
      'The maximum number of output tokens cuts the answer short with the finish reason "length", stop sequences end it early, and stopping the stream ends it at once.',
    ],
    [
      'The fault switch selects a copy of the model that breaks in the middle of its answer, the way a dropped connection to a provider does, so you can see how the page shows the error and keeps the text that had already arrived.',
      'The compare switch asks the same question at three temperatures side by side, and the chart and the token logs show every stream as it runs.',
    ],
    [
      'For a long answer with real content, try the example about caching in web applications.',
      'Everything you see on this page works the same way with a real model.',
    ],
  ];
}
