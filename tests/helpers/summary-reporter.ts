// Prints one plain closing line ("Tests: N passed, N failed, N skipped") that CI tooling reads, and before it the
// slowest test files with the failing ones named, so a CI log that shows only its tail still says where time and
// failures went.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const files: { name: string; ms: number; failed: number }[] = [];
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed outside its tests (an import, a beforeAll hook: its tests end skipped) is a failure too.
      if (mod.state() === 'failed' && failedHere === 0) failedHere++;
      failed += failedHere;
      files.push({ name: mod.relativeModuleId, ms: mod.diagnostic().duration, failed: failedHere });
    }
    const slowest = [...files].sort((a, b) => b.ms - a.ms).slice(0, 12);
    const lines = ['\nSlowest test files:'];
    for (const f of slowest) lines.push(`  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${f.name}`);
    const failing = files.filter((f) => f.failed > 0);
    if (failing.length > 0) {
      lines.push('Failing test files:');
      for (const f of failing) lines.push(`  ${f.failed} failed  ${f.name}`);
    }
    process.stdout.write(
      `${lines.join('\n')}\n\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
