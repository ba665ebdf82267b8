// A jest reporter that ends every run with one plain line CI can read (and people too):
// the counts from jest's own aggregated results.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.numRuntimeErrorTestSuites;
    const suites = broken > 0 ? ` (${broken} suite(s) failed to run)` : "";
    const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    const line = `jest: ${counts}${suites}`;
    // After jest's own summary (printed later, on stderr): the closing line of the output.
    process.once("exit", () => process.stderr.write(`${line}\n`));
  }
}

module.exports = SummaryReporter;
