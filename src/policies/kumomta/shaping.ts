/**
 * KumoMTA traffic shaping as data (docs/reference/kumo/make_egress_path, docs/userguide/
 * trafficshaping/automation.md; assets/policy-extras/shaping.toml). A shaping file has a
 * `["default"]` block, `[provider."name"]` blocks with `match = [{MXSuffix = ...}]`, and domain
 * blocks `["example.com"]`; any block may carry `[[<block>.automation]]` rules.
 * Only the options the simulator models are read; the others are listed as ignored.
 */
import { z } from 'zod';
import { parseThrottle, type ThrottleSpec } from '../../spec/throttle.ts';
import { parseDuration } from '../../spec/units.ts';

export type Action =
  | { readonly kind: 'Suspend' }
  | { readonly kind: 'SetConfig'; readonly name: string; readonly value: number | string }
  | { readonly kind: 'SuspendTenant' | 'SuspendCampaign' | 'Bounce' | 'BounceTenant' | 'BounceCampaign' };

export interface Rule {
  readonly regex: readonly string[];
  readonly actions: readonly Action[];
  /** Immediate, or at least `count` matches within the window. */
  readonly trigger: { readonly count: number; readonly period: number } | 'Immediate';
  readonly duration: number;
}

export interface Block {
  readonly connection_limit?: number;
  readonly max_message_rate?: ThrottleSpec;
  readonly max_deliveries_per_connection?: number;
  readonly source_selection_rate?: ThrottleSpec;
  readonly provider_connection_limit?: number;
  readonly provider_max_message_rate?: ThrottleSpec;
  readonly automation: readonly Rule[];
}

export interface Shaping {
  readonly default: Block;
  readonly providers: readonly {
    readonly name: string;
    readonly mxSuffixes: readonly string[];
    readonly domainSuffixes: readonly string[];
    readonly block: Block;
  }[];
  readonly domains: readonly { readonly name: string; readonly block: Block }[];
  /** Options present in the file that the simulator does not model. */
  readonly ignored: readonly string[];
}

const MODELLED = [
  'connection_limit',
  'max_message_rate',
  'max_deliveries_per_connection',
  'source_selection_rate',
  'provider_connection_limit',
  'provider_max_message_rate',
  'automation',
  'match',
  'mx_rollup',
  'replace_base',
] as const;

const throttleField = z.union([z.string(), z.number()]).transform((v, ctx): ThrottleSpec => {
  const t = parseThrottle(String(v));
  if (typeof t === 'string') {
    ctx.addIssue({ code: 'custom', message: t });
    return z.NEVER;
  }
  return t;
});
const durationField = z.union([z.string(), z.number()]).transform((v, ctx): number => {
  const d = typeof v === 'number' ? v : parseDuration(v);
  if (d === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (expected e.g. "90m", "2 hours")` });
    return z.NEVER;
  }
  return d;
});
const intField = z
  .union([z.number().int().min(0), z.string().regex(/^(local:)?\d+$/)])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace('local:', ''))));

const actionSchema = z.union([
  z
    .enum(['Suspend', 'SuspendTenant', 'SuspendCampaign', 'Bounce', 'BounceTenant', 'BounceCampaign'])
    .transform((kind) => ({ kind }) as Action),
  z
    .strictObject({ SetConfig: z.strictObject({ name: z.string(), value: z.union([z.number(), z.string()]) }) })
    .transform((a) => ({ kind: 'SetConfig', ...a.SetConfig }) as Action),
  z
    .strictObject({ SetDomainConfig: z.strictObject({ name: z.string(), value: z.union([z.number(), z.string()]) }) })
    .transform((a) => ({ kind: 'SetConfig', ...a.SetDomainConfig }) as Action),
]);

const triggerSchema = z.union([
  z.literal('Immediate'),
  z.strictObject({ Threshold: z.string() }).transform((t, ctx) => {
    const m = parseThrottle(t.Threshold);
    if (typeof m === 'string') {
      ctx.addIssue({ code: 'custom', message: `invalid Threshold "${t.Threshold}" (expected e.g. "3/hr")` });
      return z.NEVER;
    }
    return { count: m.limit, period: m.period };
  }),
]);

const ruleSchema = z
  .strictObject({
    regex: z.union([z.string(), z.array(z.string())]).transform((r) => (Array.isArray(r) ? r : [r])),
    action: z.union([actionSchema, z.array(actionSchema)]).transform((a) => (Array.isArray(a) ? a : [a])),
    trigger: triggerSchema.default('Immediate'),
    duration: durationField,
    match_internal: z.boolean().optional(),
  })
  .transform((r): Rule => ({ regex: r.regex, actions: r.action, trigger: r.trigger, duration: r.duration }));

const blockSchema = z.looseObject({
  connection_limit: intField.optional(),
  max_message_rate: throttleField.optional(),
  max_deliveries_per_connection: intField.optional(),
  source_selection_rate: throttleField.optional(),
  provider_connection_limit: intField.optional(),
  provider_max_message_rate: throttleField.optional(),
  automation: z.array(ruleSchema).default([]),
  match: z
    .array(z.looseObject({ MXSuffix: z.string().optional(), DomainSuffix: z.string().optional(), HostName: z.string().optional() }))
    .optional(),
});

/** The raw document (TOML parsed, or the same structure written in YAML). */
export const shapingSchema = z
  .looseObject({ provider: z.record(z.string(), z.looseObject({})).optional() })
  .transform((doc, ctx): Shaping => {
    const ignored = new Set<string>();
    const toBlock = (where: string, raw: unknown): Block => {
      const r = blockSchema.safeParse(raw);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [where, ...issue.path] } as never);
        return { automation: [] };
      }
      for (const k of Object.keys(raw as object))
        if (!(MODELLED as readonly string[]).includes(k) && k !== 'sources') ignored.add(`${where}.${k}`);
      const { match: _m, ...rest } = r.data;
      return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as unknown as Block;
    };
    const providers = Object.entries(doc.provider ?? {}).map(([name, raw]) => {
      const match = (raw['match'] ?? []) as { MXSuffix?: string; DomainSuffix?: string; HostName?: string }[];
      return {
        name,
        mxSuffixes: match.flatMap((m) => (m.MXSuffix ? [m.MXSuffix] : m.HostName ? [m.HostName] : [])),
        domainSuffixes: match.flatMap((m) => (m.DomainSuffix ? [m.DomainSuffix] : [])),
        block: toBlock(`provider.${name}`, raw),
      };
    });
    const domains = Object.entries(doc)
      .filter(([k]) => k !== 'provider' && k !== 'default')
      .map(([name, raw]) => ({ name, block: toBlock(name, raw) }));
    return { default: toBlock('default', doc['default'] ?? {}), providers, domains, ignored: [...ignored].sort() };
  });

/** Whether a provider block matches a site (KumoMTA: for MXSuffix every MX host must match). */
function providerMatches(p: Shaping['providers'][number], site: { mx: string; domains: readonly string[] }): boolean {
  const suffix = (s: string, x: string) => x === s.replace(/^\./, '') || x.endsWith(s.startsWith('.') ? s : `.${s}`);
  return (
    p.mxSuffixes.some((s) => suffix(s, site.mx)) ||
    p.domainSuffixes.some((s) => site.domains.length > 0 && site.domains.every((d) => suffix(s, d)))
  );
}

/** The blocks that apply to a site, in KumoMTA's merge order: default, providers, domain. */
export function blocksFor(sh: Shaping, site: { name: string; mx: string; domains: readonly string[] }): Block[] {
  return [
    sh.default,
    ...sh.providers.filter((p) => providerMatches(p, site)).map((p) => p.block),
    ...sh.domains.filter((d) => d.name === site.name || site.domains.includes(d.name)).map((d) => d.block),
  ];
}
