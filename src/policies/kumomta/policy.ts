/**
 * kumomta: KumoMTA's egress shaping, Traffic Shaping Automation and retry schedule
 * (docs/mta-behaviours.md 1). Per path (source IP x site): connection_limit, max_message_rate,
 * max_deliveries_per_connection and source_selection_rate merged in KumoMTA's order (./merge.ts),
 * per-source overrides included: `sources` maps KumoMTA egress source names to scenario IPs (an
 * IP with no name is its own address); provider_connection_limit / provider_max_message_rate per
 * source across a provider's sites. TSA rules act per path: Suspend (the ready queue's messages go
 * to other sources), SetConfig (a timed override), SuspendTenant/SuspendCampaign (every source for
 * the site). Retry: retry_interval doubling per attempt, capped by max_retry_interval, jitter
 * +-min(interval/20, 60 s)/2, max_age; per domain from a queues.toml (`queues`, ./queues.ts).
 * `stages`: further shaping files an operator rolls in one after the other (daily, or after
 * `clean_hours` without a reply matching `clean_on`), as the exported warm-up README says.
 * `shaping` is a shaping file (TOML, relative to the scenario) or the same structure inline; by
 * default the shipped defaults (assets/policy-extras/shaping.toml) for the providers modelled here.
 */
import { z } from 'zod';
import { definePolicy, type ParamIssue } from '../definition.ts';
import type { MtaControl, Policy } from '../../contracts/policy.ts';
import { nextAttemptAt, type RetrySchedule } from '../support/retry.ts';
import { ReplyMatcher } from '../support/reply-match.ts';
import { duration } from '../../spec/units-schema.ts';
import { shapingSchema, type Shaping } from './shaping.ts';
import { queueFor, queuesSchema, type Queues } from './queues.ts';
import { loadDoc } from './files.ts';
import { KUMO_SHIPPED_DEFAULTS } from './defaults.ts';
import { KumoPaths } from './paths.ts';

export { readTomlFile as readShapingFile } from './files.ts';

const doc = () => z.union([z.string(), z.record(z.string(), z.unknown())]);

const params = z.strictObject({
  shaping: doc().default(KUMO_SHIPPED_DEFAULTS),
  /** KumoMTA egress source name -> scenario IP address. */
  sources: z.record(z.string(), z.string()).default({}),
  queues: doc().optional(),
  stages: z
    .strictObject({
      files: z.array(doc()).min(1),
      advance: z.enum(['daily', 'clean']).default('daily'),
      clean_hours: z.number().positive().default(24),
      clean_on: z.array(z.string()).default(['4.7.650']),
      /** `all`: one stage for every source; `source`: each source (IP) rolls on its own clean hours. */
      per: z.enum(['all', 'source']).default('all'),
    })
    .optional(),
  retry_interval: duration().default(1200),
  max_retry_interval: duration().optional(),
  max_age: duration().default(7 * 86400),
  tsa_window: z.enum(['duration', 'period']).default('duration'),
});
type Params = z.output<typeof params>;

/** Source names -> IPs checked: each IP once, and (when the scenario's IPs are known) an IP of the scenario. */
function checkSources(sources: Readonly<Record<string, string>>, ips: readonly string[] | undefined): ParamIssue[] {
  const seen = new Map<string, string>();
  return Object.entries(sources).flatMap(([name, ip]): ParamIssue[] => {
    const other = seen.get(ip);
    seen.set(ip, name);
    if (other !== undefined) return [{ path: ['sources', name], message: `${ip} is already source "${other}" (one name per IP)` }];
    if (ips !== undefined && !ips.includes(ip))
      return [{ path: ['sources', name], message: `${ip} is not an IP of the scenario (IPs: ${ips.join(', ')})` }];
    return [];
  });
}

export default definePolicy({
  name: 'kumomta',
  summary:
    'KumoMTA shaping (per source x site limits, per-source overrides, provider limits), Traffic Shaping Automation rules and its 20-min doubling retry',
  source: 'KumoMTA make_egress_path, make_queue_config, shaping.toml merge order, TSA automation (kumomta 2026-08 snapshot)',
  params,
  prepare(p, ctx) {
    const issues: ParamIssue[] = checkSources(p.sources, ctx.ips);
    const s = loadDoc('shaping', p.shaping, ctx.baseDir, shapingSchema, ['shaping']);
    const q = p.queues === undefined ? undefined : loadDoc('queues', p.queues, ctx.baseDir, queuesSchema, ['queues']);
    const st = (p.stages?.files ?? []).map((f, i) => loadDoc('shaping', f, ctx.baseDir, shapingSchema, ['stages', 'files', i]));
    for (const r of [s, q, ...st]) if (r !== undefined && !r.ok) issues.push(...r.issues);
    if (issues.length > 0 || !s.ok || (q !== undefined && !q.ok)) return { ok: false, issues };
    const files = st.map((r) => (r.ok ? r.raw : {}));
    const prepared: Params = { ...p, shaping: s.raw };
    if (q !== undefined && q.ok) prepared.queues = q.raw;
    if (p.stages !== undefined) prepared.stages = { ...p.stages, files };
    return { ok: true, params: prepared };
  },
  create(p, ctx) {
    const parse = (what: string, d: string | Record<string, unknown>, schema: typeof shapingSchema | typeof queuesSchema) => {
      const r = loadDoc(what, d, ctx.baseDir, schema, []);
      if (!r.ok) throw new Error(`kumomta: ${r.issues.map((i) => i.message).join('; ')}`);
      return r.value;
    };
    const stages = [p.shaping, ...(p.stages?.files ?? [])].map((d) => parse('shaping', d, shapingSchema) as Shaping);
    const queues = p.queues === undefined ? undefined : (parse('queues', p.queues, queuesSchema) as Queues);
    const schedule = (site: { domains: readonly string[] }): RetrySchedule => {
      const q = queues === undefined ? {} : queueFor(queues, site.domains);
      return {
        kind: 'exponential',
        base: q.retry_interval ?? p.retry_interval,
        factor: 2,
        max: q.max_retry_interval ?? p.max_retry_interval ?? 0,
        jitter: true,
        maxAge: q.max_age ?? p.max_age,
      };
    };
    let mta: MtaControl;
    let paths: KumoPaths;
    let schedules: RetrySchedule[] = [];
    /** The stage of each IP (all equal unless stages roll per source), the last clean_on match and move, per IP. */
    let stage: number[] = [];
    let lastMatch: number[] = [];
    let lastAdvance: number[] = [];
    const clean = ReplyMatcher.of(p.stages?.clean_on ?? []);
    const jitter = () => mta.random('kumomta/jitter').next();
    const policy: Policy & { stats: KumoPaths['stats']; shaping: Shaping; stage: () => number; tsaFirings: () => number } = {
      name: 'kumomta',
      get stats() {
        return paths.stats;
      },
      shaping: stages[0]!,
      stage: () => Math.min(...stage),
      tsaFirings: () => paths.firings,
      setup(m) {
        mta = m;
        const names = new Map(Object.entries(p.sources).map(([name, ip]) => [ip, name]));
        paths = new KumoPaths(m, stages[0]!, (ip) => names.get(m.ips[ip]!.address) ?? m.ips[ip]!.address, p.tsa_window);
        stage = m.ips.map(() => 0);
        lastMatch = m.ips.map(() => 0);
        lastAdvance = m.ips.map(() => 0);
        schedules = m.sites.map(schedule);
        m.setMaxAge(Math.max(p.max_age, ...schedules.map((s) => s.maxAge)));
      },
      onReply(path, reply, now) {
        if (reply.code < 400) return;
        paths.onReply(path, reply, now);
        if (p.stages?.advance === 'clean' && clean.test(reply)) {
          if (p.stages.per === 'source') lastMatch[mta.pathIp(path)] = now;
          else lastMatch.fill(now);
        }
      },
      retryAt: (msg, _r, now) => nextAttemptAt(schedules[msg.site]!, { ...msg, now, u: jitter() }),
    };
    if (p.stages !== undefined) {
      const st = p.stages;
      const last = stages.length - 1;
      const due = (ip: number, hour: number, now: number) =>
        st.advance === 'daily'
          ? Math.min(last, Math.floor(hour / 24))
          : now - lastMatch[ip]! >= st.clean_hours * 3600 && now - lastAdvance[ip]! >= st.clean_hours * 3600
            ? Math.min(last, stage[ip]! + 1)
            : stage[ip]!;
      policy.onHour = (hour, now) => {
        if (st.per === 'all') {
          const next = due(0, hour, now);
          if (next === stage[0]) return;
          stage.fill(next);
          lastAdvance.fill(now);
          paths.use(stages[next]!, now);
          return;
        }
        for (let ip = 0; ip < stage.length; ip++) {
          const next = due(ip, hour, now);
          if (next === stage[ip]) continue;
          stage[ip] = next;
          lastAdvance[ip] = now;
          paths.use(stages[next]!, now, ip);
        }
      };
    }
    return policy;
  },
});
