/**
 * What a careful sender does with the temporary limits of providers other than Outlook.com: each
 * provider's own published advice, the seed playbook's "other providers keep their own limits"
 * made concrete. Per path (IP x site), on a reply of class `throttle` or `connection-limit`:
 *
 * | provider  | pause the path                                  | next attempt of the message      |
 * |-----------|-------------------------------------------------|----------------------------------|
 * | gmail     | 10 min, 421 4.7.28 only (a low-reputation 421 4.7.0 is decided per message: retry it, keep sending): "do not send for at least 10 minutes" (Google sender guidelines; docs/receiver-model.md 4.1) | the MTA's retry schedule |
 * | yahoo     | 2 h, [TSS04]: KumoMTA's shipped shaping rule for Yahoo, the length of a first box | 4 h: "retry sending emails 4 hours after" (Yahoo error codes) |
 * | m365      | `m365Pause` (the playbook's Microsoft retry window): EOP throttles as Outlook.com does | the MTA's retry schedule |
 * | corporate | 10 min (Postfix anvil windows are 60 s; a short pause is enough) | the MTA's retry schedule |
 *
 * A rate limit that names the sending domain rather than the IP (Gmail "unusual rate ... from
 * your DKIM domain") pauses every path to the provider: the limit is shared by all IPs, and an IP
 * left sending would extend the cooldown the others wait out. A temporary block (Yahoo [TSS09]
 * "permanently deferred") pauses the path for at least 4 h ("retrying will NOT succeed").
 * A rate limit also paces the path (messages spaced evenly, Gmail: "send at a consistent rate,
 * avoid bursts"), with a multiplicative decrease of beta = 0.7 (CUBIC, RFC 8312 4.5): the first
 * limit paces at 0.7 x the messages accepted on the path in the hour before or the hour of the
 * limit (at least 60/h), each further one at 0.7 x the pace or the rate accepted, whichever is
 * less (RFC 5681's FlightSize). The pace grows by 25 % after each
 * clean window in which it was the binding limit (at least half of it used; an idle path does not
 * earn growth, RFC 7661): 1 h at Gmail and corporate MXs, whose limits are short windows; 24 h at
 * Yahoo and M365, whose penalty boxes escalate (the seed article's "raise volume only after ...
 * stops pushing back"). Past 20,000/h the pacing ends.
 * After a pause the path restarts on a single connection and gains one more per accepted message,
 * up to its normal limit (Gmail: "single connection after a 4.7.28 cooldown, then +1 per
 * success", docs/receiver-model.md 4.1). A `connection-limit` reply drops the path to one connection the
 * same way, without a pause. Yahoo paths close each connection after 20 messages (Yahoo: "we
 * close the connection after 20 messages"; KumoMTA ships max_deliveries_per_connection = 20).
 * Outlook.com consumer sites are the playbook's own loop, not this one.
 */
import type { MtaControl } from '../../contracts/policy.ts';
import type { Reply } from '../../smtp/reply.ts';
import { ReplyMatcher } from './reply-match.ts';

const MINUTE = 60;
const BLOCK_PAUSE = 240 * MINUTE;
const MIN_PACE = 60,
  MAX_PACE = 20_000,
  GROWTH = 1.25,
  BETA = 0.7;
const domainWide = ReplyMatcher.of(['/DKIM domain|sending domain/i']);

export class ProviderAdvice {
  private readonly pause: Float64Array;
  private readonly retryDelay: Float64Array;
  private readonly cur: Uint16Array;
  private readonly max: Uint16Array;
  private readonly pathsOf: number[][];
  /** Per provider: the throttle replies the advice is about (undefined: all of class `throttle`). */
  private readonly only: readonly (ReplyMatcher | undefined)[];
  /** Per provider: clean hours before the pace grows. */
  private readonly cleanHours: Float64Array;
  /** Per path: messages/hour when paced (0: not paced); accepted this hour and last; limited this
   * hour; hours since the last limit. */
  private readonly pace: Float64Array;
  private readonly clean: Float64Array;
  private readonly acceptedNow: Float64Array;
  private readonly acceptedPrev: Float64Array;
  private readonly limited: Uint8Array;

  /** `maxConnections(path)`: the path's normal connection limit; `m365Pause` in seconds. */
  constructor(
    private readonly mta: MtaControl,
    maxConnections: (path: number) => number,
    m365Pause: number,
  ) {
    const byName: Record<string, { pause: number; retry: number; clean: number; only?: ReplyMatcher }> = {
      gmail: { pause: 10 * MINUTE, retry: 0, clean: 1, only: ReplyMatcher.of(['4.7.28']) },
      yahoo: { pause: 120 * MINUTE, retry: 240 * MINUTE, clean: 24 },
      m365: { pause: m365Pause, retry: 0, clean: 24 },
      corporate: { pause: 10 * MINUTE, retry: 0, clean: 1 },
    };
    this.cleanHours = Float64Array.from(mta.providers, (p) => byName[p]?.clean ?? 1);
    this.pause = Float64Array.from(mta.providers, (p) => byName[p]?.pause ?? 0);
    this.retryDelay = Float64Array.from(mta.providers, (p) => byName[p]?.retry ?? 0);
    this.only = mta.providers.map((p) => byName[p]?.only);
    this.max = Uint16Array.from({ length: mta.pathCount }, (_, path) => maxConnections(path));
    this.cur = Uint16Array.from(this.max);
    this.pace = new Float64Array(mta.pathCount);
    this.acceptedNow = new Float64Array(mta.pathCount);
    this.acceptedPrev = new Float64Array(mta.pathCount);
    this.limited = new Uint8Array(mta.pathCount);
    this.clean = new Float64Array(mta.pathCount);
    this.pathsOf = mta.providers.map(() => []);
    for (let path = 0; path < mta.pathCount; path++) this.pathsOf[mta.pathProvider(path)]!.push(path);
    const yahoo = mta.providers.indexOf('yahoo');
    if (yahoo >= 0) for (const path of this.pathsOf[yahoo]!) mta.setPathPerConnection(path, 20);
  }

  /** Whether the advice covers this provider (Outlook.com consumer sites are not covered). */
  covers(provider: number): boolean {
    return this.pause[provider]! > 0;
  }

  /** After every reply on a covered provider's path. */
  onReply(path: number, reply: Reply, now: number): void {
    if (reply.cls === 'accepted') {
      this.acceptedNow[path]!++;
      if (this.cur[path]! < this.max[path]!) this.mta.setPathConnections(path, ++this.cur[path]!);
      return;
    }
    if (!reply.temporary) return;
    const provider = this.mta.pathProvider(path);
    if (reply.cls === 'throttle') {
      if (this.only[provider]?.test(reply) === false) return;
      const until = now + this.pause[provider]!;
      if (domainWide.test(reply)) for (const p of this.pathsOf[provider]!) this.slowDown(p, until);
      else this.slowDown(path, until);
    } else if (reply.cls === 'block') {
      this.pauseUntil(path, now + Math.max(BLOCK_PAUSE, this.pause[provider]!));
    } else if (reply.cls === 'connection-limit') {
      this.oneConnection(path);
    }
  }

  /** At every hour boundary: paced paths without a limit this hour speed up. */
  onHour(): void {
    for (let path = 0; path < this.pace.length; path++) {
      const used = this.acceptedNow[path]! >= 0.5 * this.pace[path]!;
      if (this.limited[path] === 1) this.clean[path] = 0;
      else if (used) this.clean[path]!++;
      if (this.pace[path]! > 0 && this.clean[path]! >= this.cleanHours[this.mta.pathProvider(path)]!) {
        const r = this.pace[path]! * GROWTH;
        this.setPace(path, r > MAX_PACE ? 0 : r);
        this.clean[path] = 0;
      }
      this.acceptedPrev[path] = this.acceptedNow[path]!;
      this.acceptedNow[path] = 0;
      this.limited[path] = 0;
    }
  }

  private slowDown(path: number, until: number): void {
    this.pauseUntil(path, until);
    if (this.limited[path] === 1) return; // once per path and hour: in-flight replies report the same limit
    this.limited[path] = 1;
    const p = this.pace[path]!;
    const seen = Math.max(this.acceptedPrev[path]!, this.acceptedNow[path]!);
    this.setPace(path, Math.max(MIN_PACE, BETA * (p > 0 ? Math.min(p, seen) : seen)));
  }

  private setPace(path: number, perHour: number): void {
    this.pace[path] = perHour;
    this.mta.setPathRate(path, perHour > 0 ? { limit: perHour, period: 3600, maxBurst: 1 } : undefined, 1);
  }

  private pauseUntil(path: number, until: number): void {
    if (this.mta.suspendedUntil(path) < until) this.mta.suspendPath(path, until);
    this.oneConnection(path);
  }

  private oneConnection(path: number): void {
    if (this.cur[path] !== 1) {
      this.cur[path] = 1;
      this.mta.setPathConnections(path, 1);
    }
  }

  /** The advised next attempt after a throttle reply, or -1 for the MTA's own schedule. */
  retryAt(provider: number, reply: Reply, now: number): number {
    const d = this.retryDelay[provider]!;
    return d > 0 && reply.cls === 'throttle' ? now + d : -1;
  }
}
