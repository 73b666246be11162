/**
 * Whether one run (one seed) of a warm-up met `warmup-sim plan`'s goal (issue 22): the target
 * volume reached, and no provider blocking any IP and Outlook.com's deferral rate at or under the
 * ceiling on every IP on every day from day 0 (each IP tracked separately, as the seed article
 * asks, from the run's per-IP series). A day's deferral rate at the ceiling passes, as 2 % is
 * still the article's Healthy band (metrics/bands.ts).
 *
 * The same verdict, decided while the run is going ({@link planStopRule}): a run whose verdict can
 * no longer change stops early (a block, a day over the ceiling, or the judged window after the
 * target has passed), and its verdict equals the uninterrupted run's.
 */
import type { RunMetrics } from './run-metrics.ts';
import type { RunSeries } from './summary.ts';

export interface PlanCriteria {
  /** Messages per day the plan must deliver. */
  readonly target: number;
  /** Count only deliveries to this provider toward the target (default: all providers). */
  readonly provider?: string | undefined;
  /** Highest Outlook.com deferral rate (4xx / attempts) of any IP on any day. */
  readonly maxDeferral: number;
  /** A block reply from any provider to any IP makes the run unsafe. */
  readonly noBlocks: boolean;
  /** Days after the target is first reached that are still judged (default: every day of the run). */
  readonly hold?: number | undefined;
}

export interface SeedVerdict {
  readonly safe: boolean;
  /** First day (0-based) whose deliveries reached the target; null if none in the judged days. */
  readonly reached: number | null;
  /** Worst daily Outlook.com deferral rate of any IP in the judged days. */
  readonly worst: number;
  /** Block replies (any provider, any IP) in the judged days. */
  readonly blocks: number;
  /** First day the run broke a rule; null when safe. */
  readonly unsafeDay: number | null;
}

const MICROSOFT = 'microsoft';

/** One day of one IP at one provider. */
interface DayRow {
  readonly provider: string;
  readonly attempts: number;
  readonly delivered: number;
  readonly deferred: number;
  readonly blocked: number;
}

/** Walks the days in order, as both the finished-run judge and the stop rule do. */
class Judge {
  reached: number | null = null;
  worst = 0;
  blocks = 0;
  unsafeDay: number | null = null;

  constructor(private readonly c: PlanCriteria) {}

  /** False once later days no longer count (the hold window after the target has passed). */
  judged(day: number): boolean {
    return this.reached === null || this.c.hold === undefined || day <= this.reached + this.c.hold;
  }

  day(day: number, rows: readonly DayRow[]): void {
    let delivered = 0;
    for (const r of rows) {
      if (this.c.provider === undefined || r.provider === this.c.provider) delivered += r.delivered;
      this.blocks += r.blocked;
      if (r.provider === MICROSOFT && r.attempts > 0) this.worst = Math.max(this.worst, r.deferred / r.attempts);
    }
    const broke = (this.c.noBlocks && this.blocks > 0) || this.worst > this.c.maxDeferral;
    if (broke && this.unsafeDay === null) this.unsafeDay = day;
    if (this.reached === null && this.c.target > 0 && delivered >= this.c.target) this.reached = day;
  }

  verdict(): SeedVerdict {
    return { safe: this.unsafeDay === null, reached: this.reached, worst: this.worst, blocks: this.blocks, unsafeDay: this.unsafeDay };
  }
}

/** The verdict of a finished (or stopped) run from its per-IP daily series. */
export function judgeSeries(series: Pick<RunSeries, 'perIp'>, c: PlanCriteria): SeedVerdict {
  const j = new Judge(c);
  const days = series.perIp[0]?.attempts.length ?? 0;
  for (let d = 0; d < days && j.judged(d) && j.unsafeDay === null; d++) {
    j.day(
      d,
      series.perIp.map((r) => ({
        provider: r.provider,
        attempts: r.attempts[d]!,
        delivered: r.delivered[d]!,
        deferred: r.deferred[d]!,
        blocked: r.blocked[d]!,
      })),
    );
  }
  return j.verdict();
}

/** First day whose deliveries reached the target whether or not the run stayed safe (null if none): a baseline's raw speed. */
export function reachedDay(series: Pick<RunSeries, 'perIp'>, c: PlanCriteria): number | null {
  const days = series.perIp[0]?.attempts.length ?? 0;
  for (let d = 0; d < days; d++) {
    let delivered = 0;
    for (const r of series.perIp) if (c.provider === undefined || r.provider === c.provider) delivered += r.delivered[d]!;
    if (c.target > 0 && delivered >= c.target) return d;
  }
  return null;
}

/**
 * A stop rule for a run (`simulate`'s onHour): true at the end of a day once the verdict is
 * decided: the run broke a rule, or the judged window after reaching the target is over. The
 * verdict judges no day after the first broken one (judgeSeries stops there too), so a stopped
 * run and the same run to its end get the same verdict.
 */
export function planStopRule(c: PlanCriteria, providers: readonly string[]): (hour: number, m: RunMetrics) => boolean {
  const j = new Judge(c);
  return (hour, m) => {
    if ((hour + 1) % 24 !== 0) return false;
    const day = (hour + 1) / 24 - 1;
    const rows: DayRow[] = [];
    for (let p = 0; p < m.providers; p++)
      for (let i = 0; i < m.ips; i++) {
        let attempts = 0,
          delivered = 0,
          deferred = 0,
          blocked = 0;
        for (let h = day * 24; h < day * 24 + 24 && h < m.hours; h++) {
          const k = (h * m.providers + p) * m.ips + i;
          attempts += m.attempts[k]!;
          delivered += m.accepted[k]!;
          deferred += m.deferred[k]!;
          blocked += m.blocked[k]!;
        }
        if (attempts > 0) rows.push({ provider: providers[p]!, attempts, delivered, deferred, blocked });
      }
    j.day(day, rows);
    return j.unsafeDay !== null || !j.judged(day + 1);
  };
}
