import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const { source } = createRequire(import.meta.url)('axe-core') as { source: string };

/**
 * Runs axe-core in the page and answers its violations of serious or critical impact, one line each (rule, impact,
 * the first elements and what to fix), so a failing assertion says what is wrong.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    type Result = { id: string; impact?: string; nodes: { target: unknown[]; failureSummary?: string }[] };
    const { axe } = window as unknown as { axe: { run(): Promise<{ violations: Result[] }> } };
    const { violations } = await axe.run();
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        ({ id, impact, nodes }) =>
          `${id} (${impact}): ${nodes
            .slice(0, 3)
            .map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
            .join(' | ')}`,
      );
  });
}
