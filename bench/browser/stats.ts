/** Medians and the printed table. */

export const median = (values: number[]): number => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const cell = (value: unknown): string =>
  typeof value === 'number' ? (Number.isNaN(value) ? '–' : String(Math.round(value * 100) / 100)) : String(value);

/** A Markdown table: readable in a terminal and pasteable into BENCHMARKS.md as it is. */
export function table(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((_, i) => Math.max(3, ...[columns, ...body].map((line) => (line[i] as string).length)));
  // The rule row as Biome formats Markdown (dashes across the column), so `pnpm lint` accepts RESULTS-browser.md.
  const rule = widths.map((width) => '-'.repeat(width));
  const lines = [columns, rule, ...body];
  return lines.map((line) => `| ${line.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`).join('\n');
}
