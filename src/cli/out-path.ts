/**
 * Output paths checked before any work starts (`--out`, `--trace`, `--junit`, `--records`), so a
 * path that cannot be written is a usage error at once (exit 2) instead of an internal error
 * after the run, or a hang: Node's recursive `mkdir` loops forever at 100 % CPU on paths under
 * /proc (it keeps retrying ENOENT on a parent that exists). The check walks up to the nearest
 * directory that exists and proves it writable by creating and removing a temporary directory in
 * it (`fs.mkdtemp`), which holds for root, read-only mounts and pseudo file systems alike, where
 * `access(W_OK)` does not.
 */
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../run/usage-error.ts';

function kind(path: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none'; // ENOENT, or ENOTDIR under a file: the walk up finds the file
  }
}

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'cannot create entries there',
    ENOTDIR: 'not a directory',
    ENOSPC: 'no space left on the device',
  };
  return (err.code !== undefined ? words[err.code] : undefined) ?? err.message;
}

/** Throws a UsageError unless `dir` is, or can be created as, a writable directory. */
export function checkOutDir(flag: string, dir: string, shown = dir): void {
  const target = resolve(dir);
  let at = target;
  for (let k = kind(at); k === 'none'; k = kind(at)) {
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (kind(at) !== 'dir') {
    const what = at === target ? 'is a file, not a directory' : `${at} is a file, not a directory`;
    throw new UsageError(`${flag} ${shown}: ${what}`);
  }
  try {
    rmdirSync(mkdtempSync(join(at, '.warmup-sim-probe-')));
  } catch (e) {
    throw new UsageError(`${flag} ${shown}: cannot write in ${at} (${why(e)})`);
  }
}

/** Throws a UsageError unless `file` can be written: not a directory, in a directory that can be created and written. */
export function checkOutFile(flag: string, file: string): void {
  if (kind(resolve(file)) === 'dir') throw new UsageError(`${flag} ${file}: is a directory, expected a file name`);
  checkOutDir(flag, dirname(resolve(file)), file);
}
