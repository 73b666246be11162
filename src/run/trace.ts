/**
 * The per-attempt trace of a run (`warmup-sim run --trace FILE`), one JSON object per line:
 * simulated time (seconds from the scenario's start), the message's serial number and attempt
 * number, the sending IP, provider and site (MX rollup), the connection, the reply (code,
 * enhanced code, text, class) and the MTA's decision: delivered, deferred (with the time it is
 * due again), bounced, expired, or a connection refused before any transaction. What a user
 * needs to read "never more than 2 connections per IP" or "no retry sooner than 30 minutes" from
 * an output instead of from code. Written through a temporary file, renamed when complete.
 */
import { LineFile } from '../logs/line-file.ts';
import type { Topology } from '../spec/topology.ts';
import type { TraceEvent } from '../mail/transaction.ts';

export class TraceWriter {
  private readonly out: LineFile;
  /** Lines written so far. */
  get lines(): number {
    return this.out.lines;
  }

  /** The run's topology (set by `start`, before the first event). */
  private topo!: Topology;

  constructor(
    path: string,
    private readonly streams: readonly { readonly name: string }[],
  ) {
    this.out = new LineFile(path);
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
    this.out.put(JSON.stringify(line));
  };

  /** Writes the rest and renames the file into place. */
  close(): void {
    this.out.close();
  }

  /** Removes the partial file (the run failed). */
  abort(): void {
    this.out.abort();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
