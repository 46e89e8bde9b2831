/** A short, readable report of the demo's steps; a failed check makes the process exit 1. */
export class Report {
  private failures = 0;
  private readonly started = Date.now();

  constructor(subject: string) {
    console.log(`Elemental demo on ${subject}\n`);
  }

  async step<T>(label: string, action: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await action();
    console.log(`  ok  ${label} (${(performance.now() - start).toFixed(1)} ms)`);
    return result;
  }

  detail(text: string): void {
    console.log(`        ${text}`);
  }

  note(text: string): void {
    console.log(`  ${text}`);
  }

  check(label: string, passed: boolean): void {
    if (!passed) this.failures++;
    console.log(`  ${passed ? "ok " : "FAIL"} ${label}`);
  }

  finish(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(2);
    console.log(this.failures === 0 ? `\nAll steps passed in ${seconds} s.` : `\n${this.failures} check(s) failed.`);
    if (this.failures > 0) process.exitCode = 1;
  }
}
