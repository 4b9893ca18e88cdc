/**
 * The simulated model's phrasebook: sentence templates by the role they play in an answer. `{topic}` becomes
 * the prompt's main subject and `{aspect}` one of its other key words (or a generic concern), so the text reads
 * as being about the question. Which sentences a prompt prefers is a permutation seeded by the prompt alone
 * (see `sim-text.ts`), so temperature 0 always gives a prompt the same answer.
 */
export const CORPUS = {
  opening: [
    '{topic} is easier to reason about once you separate what it does from how it is usually built.',
    'At its core, {topic} is about turning a vague goal into something you can observe and measure.',
    'A good way to approach {topic} is to start from the problem it solves rather than from its vocabulary.',
    'Most explanations of {topic} jump straight into details, so it helps to begin with the big picture.',
    '{topic} shows up in more places than people expect, and the underlying idea is fairly simple.',
    'There are two common ways to think about {topic}: as a set of rules, or as a series of trade-offs.',
    'If you only remember one thing about {topic}, make it this: the details matter less than the feedback loop.',
    'People often describe {topic} as complicated, but most of that complexity comes from a few recurring decisions.',
    'The short answer is that {topic} works by breaking a large task into small steps that can be checked one at a time.',
    'Here is a practical overview of {topic}, with the parts that tend to matter most in real projects.',
    'To understand {topic}, it helps to look at what happens step by step, from the first input to the final result.',
    'Good question: {topic} sits at the intersection of design, engineering and a fair amount of judgement.',
    '{topic} has a reputation for being abstract, yet its everyday use is surprisingly concrete.',
    'Before getting into {aspect}, it is worth being clear about what {topic} actually promises.',
  ],
  explanation: [
    'The first step is to decide what a good outcome looks like, because every later choice depends on it.',
    'In practice, {topic} is less about a single technique and more about how several small pieces fit together.',
    'Each stage takes the output of the previous one, adds a little information, and passes it along.',
    'The key insight is that you do not need the whole answer up front; partial results are already useful.',
    'What makes {topic} effective is that it exposes progress early, so problems surface while they are still cheap.',
    'Under the hood, most of the work is bookkeeping: keeping track of state, ordering events and handling failure.',
    'The system keeps a small amount of state, and every new piece of input updates it in a predictable way.',
    'When {aspect} becomes the bottleneck, the usual answer is to do less work per step rather than fewer steps.',
    'A helpful mental model is a conveyor belt: items arrive one by one, and each station does a single job.',
    'Timing matters as much as correctness here, because a late answer can be as unhelpful as a wrong one.',
    'The interesting part is the boundary between components, where assumptions about {aspect} tend to break.',
    'Good implementations make the common path fast and the rare path correct, and they keep the two separate.',
    'Most of the time, the simplest version of {topic} is also the most robust one.',
    'The reason this works is that small, frequent updates are easier to absorb than one large change at the end.',
    'It is useful to distinguish between what the user sees and what the system needs to remember.',
    'Every layer adds a little latency, so the design tries to keep the number of hops as small as possible.',
    'Once the pieces are in place, {topic} mostly runs itself, and attention shifts to {aspect}.',
    'A clear contract between the producer and the consumer removes most of the surprises.',
    'Errors are part of the normal flow rather than an exception to it, so they deserve a first-class path.',
    'The amount of state you keep should be bounded; otherwise a long-running process slowly runs out of room.',
    'It also pays to make cancellation cheap, because people change their minds more often than systems expect.',
    'Measuring the right thing is half the battle: averages hide the slow cases that people actually notice.',
    'The same idea scales down to a single function and up to a distributed system without changing much.',
    'Much of the craft lies in choosing sensible defaults, so that the simple case needs no configuration at all.',
    'Think of {aspect} as a budget: every feature spends some of it, and the total has to stay within bounds.',
    'There is usually a tension between {aspect} and simplicity, and the right balance depends on the audience.',
    'The most reliable designs treat the network as slow and unreliable, even when it usually is not.',
    'Because each step is small, it is easy to test in isolation and to replace when requirements change.',
  ],
  example: [
    'For example, a team might start with a single, straightforward version and only add caching once it is measured.',
    'Consider a chat interface: the first words appear within a fraction of a second, long before the reply is complete.',
    'A concrete case is a search box that shows suggestions while you type instead of waiting for the full query.',
    'Imagine a dashboard that updates every second; it only needs to redraw the numbers that actually changed.',
    'Take a long report, for instance: showing the first section early makes the wait feel much shorter.',
    'One team I know of cut their error rate in half simply by making failures visible in the interface.',
    'As a small illustration, compare reading a book page by page with waiting for someone to read it all aloud.',
    'In a typical web application, this means the browser keeps a connection open and renders pieces as they arrive.',
    'A classic example is a progress bar that moves in real time instead of jumping from zero to done.',
    'Picture three people answering the same question with different levels of caution; the gist is similar, the wording is not.',
    'Think of a kitchen during a busy evening: orders go out as they are ready, not all at once at closing time.',
    'When a request fails halfway, a good interface keeps what has already arrived and explains what went wrong.',
    'For instance, {aspect} can often be improved by batching small updates into one visible change per frame.',
    'A practical example is a log viewer that keeps only the most recent lines so memory stays flat over hours.',
  ],
  caveat: [
    'That said, {topic} is not free: it adds moving parts that need to be monitored.',
    'One caveat is that {aspect} can degrade quietly, so it is worth tracking it explicitly.',
    'It is easy to over-engineer this part; start simple and let real usage tell you what is missing.',
    'Be careful with assumptions about ordering, because events rarely arrive exactly as they were sent.',
    'A common mistake is to optimise for the average case and forget the slowest one percent.',
    'Keep in mind that not every environment supports the same features, so plan a fallback path.',
    'The main risk is hidden coupling: a small change in one component can ripple through the rest.',
    'There are edge cases around cancellation and retries that deserve explicit tests.',
    'Watch out for unbounded buffers; they work fine in development and fail in production.',
    'None of this replaces measuring your own workload, since the numbers vary a lot between systems.',
    'Finally, {topic} will not fix a design that is unclear about its goals; it only makes the problems more visible.',
    'Security is easy to forget here: never pass secrets or raw internal errors through to the client.',
  ],
  tip: [
    'Start with the smallest version that works end to end, then improve one part at a time.',
    'Measure {aspect} before and after each change, so that improvements are real rather than assumed.',
    'Write down the contract between components, including what happens when something fails.',
    'Keep the user informed: a visible status is better than a silent spinner.',
    'Make every long operation cancellable, and make sure cancelling actually releases resources.',
    'Prefer small, frequent updates over large, rare ones when people are watching.',
    'Test with a slow network and with failures, not only with the happy path.',
    'Bound every buffer and every queue, and decide in advance what to drop when they fill up.',
    'Log enough context to explain a failure later, but never log secrets or personal data.',
    'Review the defaults regularly; what made sense at launch may not fit today.',
    'Use realistic data in tests, because toy examples hide the problems with {aspect}.',
    'Document the trade-offs you made, so the next person knows which ones are safe to revisit.',
  ],
  lead: [
    'Another important aspect is {aspect}.',
    'It is also worth looking at {aspect} in more detail.',
    'Next, consider how {topic} behaves under load.',
    'Then there is the question of {aspect}.',
    'A related point concerns how {topic} fails.',
    'From a practical point of view, {aspect} deserves attention.',
    'On the implementation side, a few patterns keep coming up.',
    'In terms of {aspect}, the picture is more nuanced.',
    'Looking at the user experience, the effect is easy to notice.',
    'Zooming out a little, {topic} also changes how teams work.',
    'There is a historical angle as well.',
    'Turning to testing, the same principles apply.',
  ],
  listIntro: [
    'A few practical guidelines:',
    'Some things that tend to help:',
    'In short, a checklist might look like this:',
    'Concretely, teams that do this well usually:',
  ],
  closing: [
    'In summary, {topic} rewards small steps, clear contracts and honest measurement.',
    'Overall, the best way to learn {topic} is to build a small version and watch how it behaves.',
    'To sum up, keep {aspect} in view, keep the design simple, and let real usage guide the next step.',
    'That is the essence of {topic}: useful results early, complete results eventually, and no surprises in between.',
    'If you want to go further, the next thing to explore is how {aspect} interacts with the rest of the system.',
    'I hope this gives you a clear starting point; happy to go deeper into any part of it.',
    'In the end, {topic} is less a single technique than a habit of making progress visible.',
    'With those pieces in place, {topic} becomes a dependable tool rather than a source of surprises.',
  ],
  shortAnswer: [
    '{topic} breaks the work into small steps and shows each result as soon as it is ready.',
    'In one line: {topic} trades a little extra bookkeeping for answers that arrive early and fail gracefully.',
    '{topic} is mostly about clear contracts between the parts, plus a careful eye on {aspect}.',
    'Briefly, {topic} lets you act on partial results instead of waiting for the complete one.',
  ],
} as const satisfies Record<string, readonly string[]>;

/** Concerns used for `{aspect}` when the prompt offers too few key words of its own. */
export const GENERIC_ASPECTS = [
  'latency',
  'reliability',
  'cost',
  'the user experience',
  'error handling',
  'memory use',
  'testing',
  'observability',
  'security',
  'scalability',
] as const;

/** Words that carry no topic: articles, pronouns, question words, and the verbs people use to ask. */
export const STOP_WORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for with from into onto about over under as is are was ' +
    'were be been being do does did doing have has had having can could should would will shall may might must ' +
    'i me my we our you your he she it its they them their this that these those there here what which who whom ' +
    'whose why how when where please explain describe tell write give show list summarize summarise compare ' +
    'define discuss outline make help want need know let lets like just some any all more most very really ' +
    'long longer short shorter brief briefly detailed detail essay paragraph paragraphs sentence sentences line ' +
    'words word one two three simple simply way ways thing things work works working use using used not no yes ' +
    'also into out up down again new good best well much many each every other another such only own same'
  ).split(' '),
);
