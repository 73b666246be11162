/** Runs the CLI as shipped (bin/warmup-sim.mjs) in a child process: exit code, stdout, stderr. */
import { execFile, type ExecFileOptions } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve('bin/warmup-sim.mjs');

/** Runs the CLI asynchronously (so concurrent tests overlap); `o` adds options (cwd, env, uid, stdin, node flags, another copy of the bin). */
export function cli(
  args: readonly string[],
  o: ExecFileOptions & { input?: string; node?: readonly string[]; bin?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [...(o.node ?? []), o.bin ?? BIN, ...args],
      { encoding: 'utf8', maxBuffer: 64 << 20, ...o, env: { ...process.env, FORCE_COLOR: '0', ...o.env } },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: String(stdout), err: String(stderr) });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
    else child.stdin?.end();
  });
}
