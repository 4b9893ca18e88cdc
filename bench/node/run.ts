/**
 * `pnpm bench`: the Node benchmarks. `pnpm bench core memory` runs only the named ones.
 * Each prints its tables and writes bench/results/node-<its output's name>.json (gitignored; `core` writes
 * node-core-per-token.json); a full run also rewrites bench/RESULTS.md, the committed summary the README links.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchBundle } from './bundle.js';
import { benchCorePerToken } from './core-per-token.js';
import { BENCH_DIR, type BenchOutput, machine, report, targetsTable } from './lib.js';
import { benchMemory } from './memory.js';
import { benchPartialJson } from './partial-json.js';
import { benchRoute } from './route.js';

const BENCHES: Record<string, () => Promise<BenchOutput>> = {
  core: benchCorePerToken,
  memory: benchMemory,
  route: benchRoute,
  bundle: benchBundle,
  'partial-json': benchPartialJson,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0)
  throw new Error(`Unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`);

const outputs: BenchOutput[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const output = await bench();
  report(output);
  outputs.push(output);
}

// Only a full run rewrites the summary, so it never mixes figures from different runs.
if (wanted.length === 0) {
  const sections = outputs.map((o) =>
    [`## ${o.title}`, ...o.tables, o.notes.map((n) => `- ${n}`).join('\n'), targetsTable(o.targets)].join('\n\n'),
  );
  const summary = [
    '# Node benchmark results (latest)',
    `Machine: ${machine()}. Run on ${new Date().toISOString().slice(0, 10)} with \`pnpm bench\` ` +
      '(`node --expose-gc --import tsx bench/node/run.ts`); raw figures in bench/results/node-*.json (not committed).',
    ...sections,
  ].join('\n\n');
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), `${summary}\n`);
  console.log('Wrote bench/RESULTS.md');
}
