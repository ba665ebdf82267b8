/** What the provider printed on stderr so far in the running test (see usePrintedLines). */
export interface PrintedLines {
  lines(): readonly string[];
  /** Forgets what was printed so far, so that the next assertion sees only what follows. */
  clear(): void;
}

/**
 * Captures what the provider prints on stderr during each test of the calling file (the Pulumi
 * CLI shows it as the provider's output) instead of printing it.
 */
export function usePrintedLines(): PrintedLines {
  let printed: string[] = [];
  beforeEach(() => {
    printed = [];
    jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
  });
  afterEach(() => jest.restoreAllMocks());
  return {
    lines: () => printed,
    clear: () => {
      printed = [];
    },
  };
}
