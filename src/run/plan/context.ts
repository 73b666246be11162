/**
 * What `plan` needs to know of the scenario, and the scenario texts its runs use:
 * - the bulk pool (the pool of the first bulk stream) and its IPs; a candidate with N IPs runs on
 *   the scenario with that pool cut to its first N IPs (the rest take no mail, as the ramp's own
 *   `ips` does), so the plan and the ESP schedules it is compared with see the same IPs;
 * - a capacity lower bound on a candidate's days to target: on day d its caps (the nominal
 *   schedule, ramp.ts `nominalCap`; caps only grow on clean days) let at most N x (24 cap + 1)
 *   messages through per provider (a GCRA cap with max_burst 1), plus whatever streams outside
 *   the pool can deliver; the first day that reaches the target bounds the simulated day below.
 */
import { stringify } from 'yaml';
import type { Scenario } from '../../spec/scenario.ts';
import { nominalCap, type RampParams } from '../../policies/ramp.ts';
import { UsageError } from '../usage-error.ts';
import { PARAM_KEYS, valuesOf, type Candidate, type Space } from './space.ts';
import type { PlanCriteria } from '../../metrics/plan-verdict.ts';

export interface PlanScenario {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly scenario: Scenario;
  readonly pool: string;
  /** Addresses of the pool's IPs, in scenario order. */
  readonly poolIps: readonly string[];
  readonly days: number;
  /** Providers the audience mails (share > 0). */
  readonly providers: readonly string[];
  /** The highest hourly cap per IP worth having with n IPs (`max_per_hour`): 1.25x what the target needs from the campaign's start to midnight. */
  readonly ceiling: (n: number) => number;
}

export function planScenario(raw: Readonly<Record<string, unknown>>, scenario: Scenario, c: PlanCriteria): PlanScenario {
  const bulk = scenario.streams.find((s) => s.kind === 'bulk');
  if (bulk === undefined) throw new UsageError(`${scenario.name}: plan needs a bulk stream to warm up (the scenario has none)`);
  const providers = Object.entries(scenario.audience.providers).flatMap(([p, share]) => (share > 0 ? [p] : []));
  if (c.provider !== undefined && !providers.includes(c.provider))
    throw new UsageError(`--provider ${c.provider}: the audience has no recipients there (providers: ${providers.join(', ')})`);
  // what one IP must carry per hour at one provider for the day's target to be delivered between
  // the campaign's start and midnight: the whole target at the named provider, else the largest
  // provider's share of it (the ramp has one cap for every provider)
  const shares = Object.values(scenario.audience.providers);
  const share = c.provider === undefined ? Math.max(...shares) / shares.reduce((a, b) => a + b, 0) : 1;
  const hours = Math.max(1, 24 - bulk.sendAt / 3600);
  return {
    raw,
    scenario,
    ceiling: (n) => Math.max(1, Math.ceil((1.25 * c.target * share) / (hours * n))),
    pool: bulk.pool,
    poolIps: scenario.ips.filter((ip) => ip.pool === bulk.pool).map((ip) => ip.address),
    days: Math.ceil(scenario.duration / 86400),
    providers,
  };
}

/**
 * The ramp parameters of a candidate (as a scenario's policy entry would give them). Its caps stop
 * growing at the scenario's ceiling: a plan holds the rate the target needs rather than climbing
 * to a rate no one will send at.
 */
export function rampParams(ps: PlanScenario, space: Space, c: Candidate): RampParams {
  const v = valuesOf(space, c);
  return {
    ips: v.ips,
    initial_per_hour: v.initial_per_hour,
    per_provider: {},
    growth: v.growth,
    clean_hours: v.clean_hours,
    max_per_hour: ps.ceiling(v.ips),
    retry_minutes: v.retry_minutes,
    max_retry_minutes: Math.max(240, v.retry_minutes),
    engaged_until_day: v.engaged_until_day,
    engaged_within_days: 30,
    backoff_on: ['451 4.7.650'],
    connections: 2,
    other_connections: 10,
    max_age: 5 * 86400,
  };
}

/** The policy entry of a candidate in a scenario file. */
export function rampEntry(ps: PlanScenario, name: string, space: Space, c: Candidate): Record<string, unknown> {
  const p = rampParams(ps, space, c);
  return {
    name,
    use: 'ramp',
    ...Object.fromEntries(PARAM_KEYS.map((k) => [k, p[k]])),
    max_per_hour: p.max_per_hour,
    max_retry_minutes: p.max_retry_minutes,
  };
}

/** Messages a day the streams outside the pool might deliver at most (transactional arrivals are Poisson: 3x the mean). */
function outsideVolume(ps: PlanScenario, c: PlanCriteria): number {
  if (c.provider !== undefined) return ps.scenario.streams.filter((s) => s.pool !== ps.pool).length > 0 ? Infinity : 0;
  return ps.scenario.streams
    .filter((s) => s.pool !== ps.pool)
    .reduce((t, s) => t + (s.kind === 'bulk' ? Math.max(...s.perDay) : 3 * s.perDay + 50), 0);
}

/** First day the candidate's nominal caps could deliver the target; Infinity if not within the run. */
export function lowerBound(ps: PlanScenario, space: Space, cand: Candidate, c: PlanCriteria): number {
  const p = rampParams(ps, space, cand);
  const counted = c.provider === undefined ? ps.providers : [c.provider];
  const outside = outsideVolume(ps, c);
  if (outside === Infinity) return 0;
  for (let d = 0; d < ps.days; d++) {
    const capacity = counted.reduce((t, q) => t + p.ips! * (24 * nominalCap(p, q, d) + 1), 0) + outside;
    if (capacity >= c.target) return d;
  }
  return Infinity;
}

/** The scenario with the pool cut to its first `n` IPs and these policies (no expectations: they name other policies). */
export function scenarioText(ps: PlanScenario, n: number | undefined, policies: readonly Record<string, unknown>[]): string {
  const { expect: _expect, ...raw } = ps.raw as Record<string, unknown> & { expect?: unknown };
  let kept = 0;
  // raw and normalised IPs are in the same order; the normalised one has the pool default filled in
  const ips = (raw['ips'] as unknown[]).filter((_, i) => n === undefined || ps.scenario.ips[i]!.pool !== ps.pool || kept++ < n);
  return stringify({ ...raw, ips, policies }, { lineWidth: 0 });
}
