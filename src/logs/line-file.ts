/**
 * A file written line by line through a buffer (flushed every MiB), into a temporary file beside
 * its path (`<path>.<pid>.tmp`) that `close` renames into place and `abort` removes, so a run
 * that fails leaves no half-written file. Used by the attempt trace and the simulated MTA logs.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

export class LineFile {
  private readonly fd: number;
  private readonly tmp: string;
  private buf = '';
  /** Lines written so far. */
  lines = 0;

  constructor(private readonly path: string) {
    this.tmp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
  }

  /** Appends one line (the newline is added). */
  put(line: string): void {
    this.buf += `${line}\n`;
    this.lines++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  /** Writes the rest and renames the file into place. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  /** Removes the partial file (the run failed). */
  abort(): void {
    closeSync(this.fd);
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = '';
  }
}
