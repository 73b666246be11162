/**
 * The scenario file's schema (zod): what users write (snake_case YAML, units as strings) and its
 * transformation into the normalised {@link Scenario}. Unknown keys are errors everywhere; policy
 * parameters are validated by each policy's own schema, with paths such as
 * `policies[1].microsoft.retry_after_minutes`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { duration } from '../spec/units-schema.ts';
import { SEGMENTS, DEFAULT_MTA } from './defaults.ts';
import type { Scenario, SegmentSpec } from '../spec/scenario.ts';
import { POLICIES, findPolicy } from '../policies/registry.ts';
import { isModulePath, loadUserPolicy } from '../policies/user.ts';
import { PROVIDERS } from '../providers/registry.ts';
import { overridesSchema } from '../providers/params-schema.ts';
import { expectEntrySchema } from '../check/index.ts';
import { editDistance } from '../check/did-you-mean.ts';
import {
  duplicateIps,
  knownDomains,
  knownPools,
  knownSegments,
  SHARE_TOLERANCE,
  sharesSumToOne,
  uniquePolicyNames,
  validAt,
} from './cross-checks.ts';

const share = z.number().min(0).max(1);
const probability = z.number().min(0).max(1);

const prewarm = z.strictObject({
  days: z.number().positive().describe('days of history that ended when the run starts'),
  per_hour: z.number().positive().describe('accepted messages per hour per provider during that history'),
  engagement: probability.default(0.35).describe('share of delivered mail that earned engagement'),
  idle_days: z.number().min(0).default(0).describe('days idle between that history and the run'),
});

const ip = z.strictObject({
  address: z
    .string()
    .refine((a) => isIP(a) !== 0, 'expected an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::10')
    .meta({ description: 'IPv4 (dotted quad, no leading zeros) or IPv6 address', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }),
  pool: z.string().min(1).default('default'),
  weight: z.number().positive().default(1),
  prewarm: prewarm.optional().describe('history receivers have already seen (a warmed IP); omit for a fresh IP'),
  feedback_loop: z.boolean().default(true).describe('enrolled in JMRP / CFL: complaint copies reach the sender'),
  listen_as: z
    .string()
    .regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$|^::1$/, 'expected a loopback address such as 127.0.0.2')
    .optional()
    .describe('live mode (`warmup-sim serve`): the loopback source address a real MTA binds to send as this IP'),
});

const domain = z.strictObject({
  name: z.string().min(1),
  spf: z.boolean().default(true),
  dkim: z.boolean().default(true),
  dmarc: z.boolean().default(true),
  aligned: z.boolean().default(true),
  rdns: z.boolean().default(true),
  prewarm: prewarm.optional(),
});

const segment = z
  .strictObject({
    name: z.string().min(1),
    preset: z.enum(['engaged', 'lapsed', 'cold']).optional().describe('start from a reference audience (docs/receiver-model.md 2.3)'),
    share: z.number().positive(),
    engage: probability.optional(),
    complain: probability.optional(),
    unknown: probability.optional(),
    trap: probability.optional(),
    recency_days: z.tuple([z.number().min(0), z.number().min(0)]).optional(),
  })
  .transform((s, ctx): SegmentSpec => {
    const base = s.preset !== undefined ? SEGMENTS[s.preset] : undefined;
    const pick = <K extends 'engage' | 'complain' | 'unknown' | 'trap'>(k: K): number => {
      const v = s[k] ?? base?.[k];
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', message: `missing ${k} (give it, or a preset: engaged, lapsed or cold)`, path: [k] });
        return 0;
      }
      return v;
    };
    const recency = s.recency_days ?? base?.recencyDays ?? [0, 30];
    if (recency[0] > recency[1])
      ctx.addIssue({ code: 'custom', message: 'recency_days must be [min, max] with min <= max', path: ['recency_days'] });
    return {
      name: s.name,
      share: s.share,
      engage: pick('engage'),
      complain: pick('complain'),
      unknown: pick('unknown'),
      trap: pick('trap'),
      recencyDays: [recency[0], recency[1]],
    };
  });

const audience = z.strictObject({
  size: z.number().int().min(1).max(50_000_000),
  providers: z
    .strictObject(Object.fromEntries(PROVIDERS.map((p) => [p.name, share.optional().describe(p.summary)])))
    .superRefine((p, ctx) => sharesSumToOne(Object.entries(p), ctx))
    .describe(`each provider's share of the list; the shares sum to 1 (within ${SHARE_TOLERANCE})`),
  segments: z
    .array(segment)
    .min(1)
    .superRefine((g, ctx) =>
      sharesSumToOne(
        g.map((s) => [s.name, s.share]),
        ctx,
      ),
    )
    .describe(`engagement segments; their shares sum to 1 (within ${SHARE_TOLERANCE})`),
  corporate_domains: z.number().int().min(1).max(5000).default(20),
  m365_tenants: z.number().int().min(1).max(5000).default(10),
});

const timeOfDay = z.union([z.number(), z.string()]).transform((v, ctx): number => {
  if (typeof v === 'number') return v;
  const m = /^(\d{1,2}):(\d{2})$/.exec(v.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    ctx.addIssue({ code: 'custom', message: `invalid time of day ${JSON.stringify(v)} (expected "HH:MM", e.g. "09:00")` });
    return z.NEVER;
  }
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
});

const perDay = z.union([z.number().int().min(0), z.array(z.number().int().min(0)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const bulk = z.strictObject({
  kind: z.literal('bulk'),
  name: z.string().min(1),
  domain: z.string(),
  pool: z.string().default('default'),
  per_day: perDay.describe('messages planned per day across providers; a list is a day-by-day plan whose last entry repeats'),
  send_at: timeOfDay.default(9 * 3600),
  spread: duration().default(0).describe('inject evenly over this long (0 = all at once)'),
  segments: z.array(z.string()).default([]).describe('segments mailed (empty = all)'),
});

const DIURNAL = {
  flat: Array(24).fill(1),
  office: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 1.6, 1.9, 2, 1.9, 1.7, 1.8, 1.9, 1.8, 1.6, 1.3, 1, 0.8, 0.7, 0.5, 0.4, 0.3],
  evening: [0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1, 1.1, 1.1, 1, 1, 1.1, 1.3, 1.6, 1.9, 2, 1.8, 1.3, 0.8],
};

const transactional = z.strictObject({
  kind: z.literal('transactional'),
  name: z.string().min(1),
  domain: z.string(),
  pool: z.string().default('default'),
  per_day: z.number().min(0),
  diurnal: z
    .union([z.enum(['flat', 'office', 'evening']), z.array(z.number().min(0)).length(24)])
    .default('office')
    .transform((d) => (typeof d === 'string' ? DIURNAL[d] : d)),
});

const mta = z.strictObject({
  grouping: z.enum(['mx', 'domain']).default(DEFAULT_MTA.grouping),
  connect_time: duration().default(DEFAULT_MTA.connectTime),
  transaction_time: duration().default(DEFAULT_MTA.transactionTime),
  idle_timeout: duration().default(DEFAULT_MTA.idleTimeout),
});

const smtpReply = z.string().regex(/^[245]\d\d[ -]/, 'expected an SMTP reply line such as "451 4.7.650 ..."');

/** `receivers.<provider>.script`: a scripted sink instead of the model (defer N times, odds, windows). */
const script = z.strictObject({
  defer: z.number().int().min(0).default(0).describe('attempts of each message deferred before it is accepted'),
  reply: smtpReply
    .default(
      '451 4.7.650 The mail server [IP] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)',
    )
    .describe('the reply of those attempts ([IP] is filled in)'),
  odds: z
    .array(z.strictObject({ reply: smtpReply, p: probability }))
    .default([])
    .describe('replies with fixed odds per attempt'),
  windows: z
    .array(z.strictObject({ from: duration(), to: duration(), reply: smtpReply }))
    .default([])
    .describe('every attempt in [from, to) gets this reply'),
  accept: smtpReply.default('250 2.0.0 OK').describe('the accepting reply'),
});

/** `receivers.<provider>`: the provider's own parameter table (`params`, as its receiver reads it) or a `script`. */
const receiverOverrides = z.strictObject(
  Object.fromEntries(
    PROVIDERS.map((p) => [p.name, z.strictObject({ params: overridesSchema(p.params).default({}), script: script.optional() }).optional()]),
  ),
);

/**
 * A policy entry: `name`, `use` and the policy's own parameters, validated by that policy's schema
 * (the object its factory reads) beside every other field, so one pass reports every problem.
 */
const policyUseFor = (baseDir: string | undefined) =>
  z.looseObject({ name: z.string().min(1), use: z.string() }).transform((p, ctx) => {
    if (baseDir !== undefined && isModulePath(p.use)) {
      const loaded = loadUserPolicy(p.use, baseDir);
      if (typeof loaded === 'string') {
        ctx.addIssue({ code: 'custom', message: loaded, path: ['use'] });
        return z.NEVER;
      }
    }
    const def = findPolicy(p.use, baseDir);
    if (def === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown policy "${p.use}" (expected one of: ${POLICIES.map((d) => d.name).join(', ')})${suggest(
          p.use,
          POLICIES.map((d) => d.name),
        )}`,
        path: ['use'],
      });
      return z.NEVER;
    }
    const { name, use, ...params } = p;
    const r = def.params.safeParse(params);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return { name, use, params: r.data as Readonly<Record<string, unknown>> };
  });

const cache = new Map<string | undefined, ReturnType<typeof build>>();

/**
 * The schema of a scenario file in `baseDir`: policies may name modules relative to it (the user's
 * own policies, ./user.ts in src/policies/). `scenarioSchema` is the one without user modules.
 */
export function scenarioSchemaFor(baseDir: string | undefined): ReturnType<typeof build> {
  let s = cache.get(baseDir);
  if (s === undefined) cache.set(baseDir, (s = build(policyUseFor(baseDir))));
  return s;
}

function build(policyUse: ReturnType<typeof policyUseFor>) {
  return (
    z
      .strictObject({
        $schema: z.string().optional(),
        name: z.string().min(1),
        description: z.string().default(''),
        seed: z.number().int().default(1),
        duration: duration().refine((d) => d >= 3600 && d <= 400 * 86400, 'duration must be between 1h and 400d'),
        start: z.iso.date().default('2026-01-05').describe('date of day 0 (ISO), for dated rules such as 2025-05-05'),
        ips: z.array(ip).min(1),
        domains: z.array(domain).min(1),
        audience,
        streams: z.array(z.discriminatedUnion('kind', [bulk, transactional])).min(1),
        mta: mta.default(mta.parse({})),
        receivers: receiverOverrides.default({}),
        policies: z.array(policyUse).min(1),
        expect: z
          .array(expectEntrySchema)
          .default([])
          .describe('expectations `warmup-sim check` evaluates over seeds (see the check README)'),
      })
      // cross-field checks, each run as soon as the parts it reads are valid (one pass reports every problem)
      .superRefine(duplicateIps, validAt(['ips', '*', 'address']))
      .superRefine(knownPools, validAt(['ips', '*', 'pool'], ['streams', '*', 'pool'], ['streams', '*', 'kind']))
      .superRefine(knownDomains, validAt(['domains', '*', 'name'], ['streams', '*', 'domain'], ['streams', '*', 'kind']))
      .superRefine(knownSegments, validAt(['audience', 'segments', '*', 'name'], ['streams', '*', 'segments'], ['streams', '*', 'kind']))
      .superRefine(uniquePolicyNames, validAt(['policies', '*', 'name']))
  );
}

export const scenarioSchema = scenarioSchemaFor(undefined);

/** ", did you mean "x"?" when a known name is within edit distance 2 of `name`, else "". */
export function suggest(name: string, known: readonly string[]): string {
  let best = '';
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best === '' ? '' : `, did you mean "${best}"?`;
}

/** The validated file as the normalised model (policy parameters as their policy's schema output them). */
export function toScenario(s: z.output<ReturnType<typeof scenarioSchemaFor>>): Scenario {
  return {
    name: s.name,
    description: s.description,
    seed: s.seed,
    duration: s.duration,
    startDate: s.start,
    ips: s.ips.map((x) => ({
      address: x.address,
      pool: x.pool,
      weight: x.weight,
      feedbackLoop: x.feedback_loop,
      ...(x.listen_as !== undefined ? { listenAs: x.listen_as } : {}),
      prewarm: x.prewarm && {
        days: x.prewarm.days,
        perHour: x.prewarm.per_hour,
        engagement: x.prewarm.engagement,
        idleDays: x.prewarm.idle_days,
      },
    })),
    domains: s.domains.map((d) => ({
      name: d.name,
      spf: d.spf,
      dkim: d.dkim,
      dmarc: d.dmarc,
      aligned: d.aligned,
      rdns: d.rdns,
      prewarm: d.prewarm && {
        days: d.prewarm.days,
        perHour: d.prewarm.per_hour,
        engagement: d.prewarm.engagement,
        idleDays: d.prewarm.idle_days,
      },
    })),
    audience: {
      size: s.audience.size,
      providers: Object.fromEntries(Object.entries(s.audience.providers).filter((e): e is [string, number] => e[1] !== undefined)),
      segments: s.audience.segments,
      corporateDomains: s.audience.corporate_domains,
      m365Tenants: s.audience.m365_tenants,
    },
    streams: s.streams.map((st) =>
      st.kind === 'bulk'
        ? {
            kind: 'bulk',
            name: st.name,
            domain: st.domain,
            pool: st.pool,
            perDay: st.per_day,
            sendAt: st.send_at,
            spread: Math.min(st.spread, 86400),
            segments: st.segments,
          }
        : { kind: 'transactional', name: st.name, domain: st.domain, pool: st.pool, perDay: st.per_day, diurnal: st.diurnal },
    ),
    mta: {
      grouping: s.mta.grouping,
      connectTime: s.mta.connect_time,
      transactionTime: s.mta.transaction_time,
      idleTimeout: s.mta.idle_timeout,
    },
    scripts: Object.fromEntries(Object.entries(s.receivers).flatMap(([k, v]) => (v?.script ? [[k, v.script]] : []))),
    receivers: Object.fromEntries(
      Object.entries(s.receivers).map(([k, v]) => [k, (v?.params ?? {}) as Record<string, number | boolean | string>]),
    ),
    policies: s.policies,
  };
}
