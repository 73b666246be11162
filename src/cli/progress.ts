/**
 * A progress bar on stderr for long runs when stderr is a terminal, nothing otherwise (or with
 * --quiet). The only place the wall clock is read (cli-progress's ETA), outside the simulation.
 */
import cliProgress from 'cli-progress';

export function progress(enabled: boolean, label: string): { tick(done: number, total: number): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} runs, eta {eta}s`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    tick(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
