/**
 * The per-attempt trace of a run (`warmup-sim run --trace FILE`), one JSON object per line:
 * simulated time (seconds from the scenario's start), the message's serial number and attempt
 * number, the sending IP, provider and site (MX rollup), the connection, the reply (code,
 * enhanced code, text, class) and the MTA's decision: delivered, deferred (with the time it is
 * due again), bounced, expired, or a connection refused before any transaction. What a user
 * needs to read "never more than 2 connections per IP" or "no retry sooner than 30 minutes" from
 * an output instead of from code. Written through a temporary file, renamed when complete.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Topology } from '../spec/topology.ts';
import type { TraceEvent } from '../mail/transaction.ts';

const FLUSH_AT = 1 << 20;

export class TraceWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private buf = '';
  lines = 0;

  /** The run's topology (set by `start`, before the first event). */
  private topo!: Topology;

  constructor(
    private readonly path: string,
    private readonly streams: readonly { readonly name: string }[],
  ) {
    this.tmp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
  }

  /** The start hook to give the run (`simulate({ onStart })`). */
  readonly start = (run: { readonly topo: Topology }): void => {
    this.topo = run.topo;
  };

  /** The tap to give the run (`simulate({ onTrace })`). */
  readonly write = (e: Readonly<TraceEvent>): void => {
    const site = this.topo.sites[e.site]!;
    const line = {
      t: round(e.time),
      msg: e.message,
      attempt: e.attempt,
      ip: this.topo.ips[e.ip]!.address,
      provider: this.topo.providers[site.provider]!,
      site: site.name,
      conn: e.connection,
      ...(e.stream >= 0 ? { stream: this.streams[e.stream]!.name } : {}),
      code: e.reply.code,
      enhanced: e.reply.enhanced,
      class: e.reply.cls,
      reply: e.reply.text,
      outcome: e.outcome,
      ...(Number.isNaN(e.retryAt) ? {} : { retry_at: round(e.retryAt), retry_in: round(e.retryAt - e.time) }),
      ...(Number.isNaN(e.injectedAt) ? {} : { age: round(e.time - e.injectedAt) }),
    };
    this.buf += `${JSON.stringify(line)}\n`;
    this.lines++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  };

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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
