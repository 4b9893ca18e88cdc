// Reads vitest's JSON report and prints, alone on the last line, `N passed, N failed` (plus `, N skipped` when
// some were skipped): the line this project's CI reads. Exits 0 only when tests ran and none failed.
// Usage: node .ci/summary.mjs <vitest-json-report>
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node .ci/summary.mjs <vitest-json-report>');
  process.exit(2);
}

let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`summary: no readable vitest JSON report at ${file} (${error.message}).`);
  process.exit(2);
}

const passed = report.numPassedTests ?? 0;
// A test file that failed outside any test (an import error, a failing hook) has no failed test of its own:
// count it as one failure, so that the summary never reads "0 failed" for a red run.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

if (passed + failed === 0) console.error('summary: no test ran.');
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(passed + failed === 0 ? 2 : failed > 0 ? 1 : 0);
