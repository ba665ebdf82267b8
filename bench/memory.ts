import * as fs from "node:fs";

/** The pids of the SDK dynamic-provider hosts this process started. */
export function dynamicProviderHosts(): string[] {
  return fs.readdirSync("/proc").filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) return false;
      return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("dynamic-provider");
    } catch {
      return false; // the process ended between listing and reading
    }
  });
}

/**
 * Peak memory of the provider: the SDK's dynamic-provider host, a child of this
 * process. Polls /proc for the child's VmHWM (its resident high-water mark).
 */
export class HostMemoryProbe {
  private timer?: NodeJS.Timeout;
  private peakKb = 0;

  private sample(): void {
    for (const pid of dynamicProviderHosts()) {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        this.peakKb = Math.max(this.peakKb, hwm);
      } catch {
        // the process ended between listing and reading
      }
    }
  }

  start(): void {
    this.peakKb = 0;
    // A host that outlives a phase (the provider-alone run) starts each phase from its current size.
    for (const pid of dynamicProviderHosts()) {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
      } catch {
        // not allowed here or already gone: its high-water mark then covers earlier phases too
      }
    }
    this.timer = setInterval(() => this.sample(), 25);
  }

  /** Peak in MB since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    // A phase shorter than the polling interval is sampled at least once.
    this.sample();
    return this.peakKb / 1024;
  }
}
