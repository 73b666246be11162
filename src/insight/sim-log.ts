/**
 * The run's attempts in a real MTA's log format (`warmup-sim run FILE --log kumomta|powermta|
 * postfix OUT`, issue #21 section 5): a tap on the per-attempt trace (src/run/trace.ts has the
 * same shape) that turns each event into src/logs/attempt.ts `Attempt` and hands it to that
 * format's writer (src/logs/write-*.ts). Mapping:
 * - time: the scenario's start date (00:00 UTC) + simulated seconds;
 * - recipient `r<id>@<recipient domain>`, sender `bounces@<the stream's sending domain>`;
 * - message id: the run's message serial in upper-case hex from 0x10000000 (a Postfix-like queue id);
 * - egress source `ip<n>` (n from 1, in the scenario's order) in its pool; Postfix syslog name `postfix-ip<n>`;
 * - MX host from the site's MX set and the recipient domain (mx-hosts.ts);
 * - the SMTP stage a reply answers, by its class (Microsoft's 4.7.650 and S3150 come back to
 *   MAIL FROM, unknown users at RCPT TO, acceptance and content or 5.7.515 verdicts after the
 *   end of DATA: docs of each provider's replies, receiver-model.md 2.5);
 * - an attempt after which the message expired is written as the attempt (deferred) and then the
 *   expiry record; connections refused before any transaction (4.7.652 at connect) carry no
 *   message and are not written (they are not attempts in RunMetrics either).
 * KumoMTA's Reception record of a message is written just before its first attempt (stamped with
 * the injection time), so the file is in time order per message, not overall. Written through a
 * temporary file, renamed when complete.
 */
import { LineFile } from '../logs/line-file.ts';
import { ACCT_HEADER, kumoReception, kumoRecord, pmtaRecord, postfixLines, type Attempt, type SmtpStage } from '../logs/index.ts';
import type { Reply } from '../smtp/reply.ts';
import type { ReplyClass } from '../smtp/classes.ts';
import type { Topology } from '../spec/topology.ts';
import type { Scenario } from '../spec/scenario.ts';
import { mxHostOf, mxIpOf } from './mx-hosts.ts';

export { SIM_LOG_FORMATS, type SimLogFormat } from './sim-log-formats.ts';
import type { SimLogFormat } from './sim-log-formats.ts';

/** What the writer reads of a trace event (src/mail/transaction.ts TraceEvent). */
export interface TraceView {
  readonly time: number;
  readonly message: number;
  readonly recipient: number;
  readonly stream: number;
  readonly attempt: number;
  readonly ip: number;
  readonly site: number;
  readonly reply: Reply;
  readonly outcome: 'delivered' | 'deferred' | 'bounced' | 'expired' | 'refused';
  readonly injectedAt: number;
}

/** What the writer reads of the run at its start (src/run/simulate.ts RunState). */
export interface RunView {
  readonly scenario: Pick<Scenario, 'startDate' | 'streams'>;
  readonly topo: Pick<Topology, 'ips' | 'pools' | 'sites' | 'recipientDomains'>;
  readonly audience: { readonly domain: ArrayLike<number> };
}

const STAGE: Readonly<Record<ReplyClass, SmtpStage>> = {
  accepted: '.',
  throttle: 'MAIL FROM',
  'connection-limit': 'MAIL FROM',
  'server-busy': 'MAIL FROM',
  block: 'MAIL FROM',
  auth: '.',
  'unknown-user': 'RCPT TO',
  'mailbox-full': 'RCPT TO',
  greylist: 'RCPT TO',
  'recipient-rate': 'RCPT TO',
  content: '.',
  'other-temporary': 'RCPT TO',
  'other-permanent': 'RCPT TO',
};

/** Unix seconds of a scenario's day 0, 00:00 UTC. */
export function startEpoch(startDate: string): number {
  return Date.parse(`${startDate}T00:00:00Z`) / 1000;
}

/** The Postfix syslog name of the i-th IP (0-based), as master.cf would set `-o syslog_name=`. */
function syslogNameOf(i: number): string {
  return `postfix-ip${i + 1}`;
}

export class SimLogWriter {
  private readonly out: LineFile;
  /** Lines written so far. */
  get lines(): number {
    return this.out.lines;
  }
  /** Attempts written, refused connections left out. */
  attempts = 0;
  refused = 0;
  private run!: RunView;
  private epoch = 0;
  private syslogNames: Record<string, string> = {};
  private readonly a: { -readonly [K in keyof Attempt]: Attempt[K] } = {
    time: 0,
    messageId: '',
    recipient: '',
    sender: '',
    sourceIp: '',
    pool: '',
    source: '',
    mxHost: '',
    mxIp: '',
    code: 0,
    enhanced: '',
    text: '',
    command: '',
    attempt: 0,
    injectedAt: 0,
    outcome: 'delivered',
    size: 0,
  };

  constructor(
    path: string,
    readonly format: SimLogFormat,
    private readonly opts: { readonly postfixTimestamps?: 'classic' | 'rfc3339' } = {},
  ) {
    this.out = new LineFile(path);
    if (format === 'powermta') this.put(ACCT_HEADER);
  }

  /** Source IP -> syslog name, and the reverse mapping a reader needs (`--syslog-map`). */
  get syslogMap(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.syslogNames).map(([ip, name]) => [name, ip]));
  }

  /** The start hook to give the run (`runScenario({ onStart })`). */
  readonly start = (run: RunView): void => {
    this.run = run;
    this.epoch = startEpoch(run.scenario.startDate);
    this.syslogNames = Object.fromEntries(run.topo.ips.map((ip, i) => [ip.address, syslogNameOf(i)]));
  };

  /** The tap to give the run (`runScenario({ onTrace })`). */
  readonly write = (e: TraceView): void => {
    if (e.outcome === 'refused') {
      this.refused++;
      return;
    }
    const { topo, scenario, audience } = this.run;
    const a = this.a;
    const ip = topo.ips[e.ip]!;
    const domain = topo.recipientDomains[audience.domain[e.recipient]!]!.name;
    a.time = this.epoch + e.time;
    a.messageId = (0x10000000 + e.message).toString(16).toUpperCase();
    a.recipient = `r${e.recipient}@${domain}`;
    a.sender = `bounces@${scenario.streams[e.stream]!.domain}`;
    a.sourceIp = ip.address;
    a.pool = topo.pools[ip.pool]!;
    a.source = `ip${e.ip + 1}`;
    a.mxHost = mxHostOf(topo.sites[e.site]!.mx, domain);
    a.mxIp = mxIpOf(a.mxHost);
    a.code = e.reply.code;
    a.enhanced = e.reply.enhanced;
    a.text = e.reply.text;
    a.command = STAGE[e.reply.cls];
    a.attempt = e.attempt;
    a.injectedAt = this.epoch + e.injectedAt;
    a.size = 20_000 + ((e.message * 7919) % 30_000);
    this.attempts++;
    if (e.outcome === 'expired') {
      a.outcome = 'deferred';
      this.emit(a);
      a.outcome = 'expired';
    } else a.outcome = e.outcome;
    this.emit(a);
  };

  private emit(a: Attempt): void {
    switch (this.format) {
      case 'kumomta':
        if (a.attempt === 1 && a.outcome !== 'expired') this.put(kumoReception(a));
        this.put(kumoRecord(a));
        return;
      case 'powermta':
        this.put(pmtaRecord(a));
        return;
      case 'postfix':
        for (const l of postfixLines(a, { syslogNames: this.syslogNames, timestamps: this.opts.postfixTimestamps ?? 'rfc3339' }))
          this.put(l);
    }
  }

  private put(line: string): void {
    this.out.put(line);
  }

  /** Writes the rest and renames the file into place. */
  close(): void {
    this.out.close();
  }

  /** Removes the partial file (the run failed). */
  abort(): void {
    this.out.abort();
  }
}
