import * as fs from "node:fs";

/**
 * Peak memory of the provider: the SDK's dynamic-provider host, a child of this
 * process. Polls /proc for the child's VmHWM (its resident high-water mark).
 */
export class HostMemoryProbe {
  private timer?: NodeJS.Timeout;
  private peakKb = 0;

  private sample(): void {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
        if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
        if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        this.peakKb = Math.max(this.peakKb, hwm);
      } catch {
        // the process ended between listing and reading
      }
    }
  }

  start(): void {
    this.peakKb = 0;
    this.timer = setInterval(() => this.sample(), 25);
  }

  /** Peak in MB since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    return this.peakKb / 1024;
  }
}
