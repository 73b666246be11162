/**
 * KumoMTA traffic shaping as data (docs/reference/kumo/make_egress_path, docs/userguide/
 * trafficshaping/automation.md; assets/policy-extras/shaping.toml; the file format read by
 * crates/kumo-api-types/src/shaping.rs). A shaping file has a `["default"]` block,
 * `[provider."name"]` blocks with `match = [{MXSuffix|DomainSuffix|HostName = ...}]`, and domain
 * blocks `["example.com"]` (rolled up to their MX site unless `mx_rollup = false`); provider and
 * domain blocks may carry per-source overrides (`["hotmail.com".sources."ip-1"]`,
 * `[provider."outlook".sources."ip-1"]`) and any block `[[<block>.automation]]` rules.
 * Options the simulator does not model are kept in the file and listed in `ignored` with a reason.
 */
import { z } from 'zod';
import type { ThrottleSpec } from '../../spec/throttle.ts';
import { durationField, intField, throttleField } from './fields.ts';

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

/** The egress path options the simulator models (per source x site). */
export interface PathOptions {
  readonly connection_limit?: number;
  readonly max_message_rate?: ThrottleSpec;
  readonly max_deliveries_per_connection?: number;
  readonly source_selection_rate?: ThrottleSpec;
  /** Provider blocks and their sources only: a selection rate per (provider, source). */
  readonly provider_source_selection_rate?: ThrottleSpec;
  /**
   * Named limits (`additional_connection_limits`, `additional_message_rate_throttles`), shared by
   * every path whose options carry the name. Modelled in a provider block's sources table, with a
   * name used there only: that source's paths to the provider's sites share it, as
   * `provider_connection_limit` / `provider_max_message_rate` do (shaping.rs writes those as
   * `shaping-provider-<name>-<source>-limit` entries of the same maps).
   */
  readonly additional_connection_limits?: Readonly<Record<string, number>>;
  readonly additional_message_rate_throttles?: Readonly<Record<string, ThrottleSpec>>;
}

export interface Block extends PathOptions {
  readonly provider_connection_limit?: number;
  readonly provider_max_message_rate?: ThrottleSpec;
  readonly automation: readonly Rule[];
  /** Per-source overrides, by KumoMTA egress source name. */
  readonly sources: Readonly<Record<string, PathOptions>>;
}

export interface ProviderBlock {
  readonly name: string;
  readonly mxSuffixes: readonly string[];
  readonly hostNames: readonly string[];
  readonly domainSuffixes: readonly string[];
  readonly block: Block;
}

export interface DomainBlock {
  readonly name: string;
  /** `mx_rollup` (default true): the block applies to the site the domain's MX rolls up to. */
  readonly rollup: boolean;
  readonly block: Block;
}

export interface Shaping {
  readonly default: Block;
  readonly providers: readonly ProviderBlock[];
  readonly domains: readonly DomainBlock[];
  /** Options present in the file that the simulator does not model: `where.key (why)`. */
  readonly ignored: readonly string[];
  /** Every egress source name the file refers to, sorted. */
  readonly sources: readonly string[];
}

const PATH_KEYS = ['connection_limit', 'max_message_rate', 'max_deliveries_per_connection', 'source_selection_rate'] as const;
const PROVIDER_KEYS = ['provider_connection_limit', 'provider_max_message_rate', 'provider_source_selection_rate'] as const;
const NAMED_KEYS = ['additional_connection_limits', 'additional_message_rate_throttles'] as const;
const STRUCTURE_KEYS = ['automation', 'match', 'mx_rollup', 'replace_base', 'sources'];
/** Options set by a SetConfig action that the policy applies. */
const SET_CONFIG_MODELLED = ['connection_limit', 'max_message_rate', 'max_deliveries_per_connection', 'source_selection_rate'];

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
  z.strictObject({ Threshold: throttleField }).transform((t) => ({ count: t.Threshold.limit, period: t.Threshold.period })),
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

const pathShape = {
  connection_limit: intField.optional(),
  max_message_rate: throttleField.optional(),
  max_deliveries_per_connection: intField.optional(),
  source_selection_rate: throttleField.optional(),
  provider_source_selection_rate: throttleField.optional(),
  additional_connection_limits: z.record(z.string(), intField).optional(),
  additional_message_rate_throttles: z.record(z.string(), throttleField).optional(),
};
const sourceSchema = z.looseObject(pathShape);
const blockSchema = z.looseObject({
  ...pathShape,
  provider_connection_limit: intField.optional(),
  provider_max_message_rate: throttleField.optional(),
  automation: z.array(ruleSchema).default([]),
  match: z
    .array(z.looseObject({ MXSuffix: z.string().optional(), DomainSuffix: z.string().optional(), HostName: z.string().optional() }))
    .optional(),
  mx_rollup: z.boolean().optional(),
  sources: z.record(z.string(), sourceSchema).default({}),
});

type Kind = 'default' | 'provider' | 'domain';

/** Copies the modelled options of a parsed table and lists the others under `where`. */
function options(
  where: string,
  raw: object,
  parsed: Record<string, unknown>,
  kind: Kind | 'source',
  providerContext: boolean,
  ignored: Set<string>,
): PathOptions {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) {
    if ((PATH_KEYS as readonly string[]).includes(k)) out[k] = parsed[k];
    else if (k === 'provider_source_selection_rate' && providerContext) out[k] = parsed[k];
    else if ((NAMED_KEYS as readonly string[]).includes(k) && kind === 'source' && providerContext) out[k] = parsed[k];
    else if ((NAMED_KEYS as readonly string[]).includes(k))
      ignored.add(
        `${where}.${k} (a named limit is modelled in a provider block's sources table, where it spans that source's paths to the provider)`,
      );
    else if ((PROVIDER_KEYS as readonly string[]).includes(k) && kind === 'provider') out[k] = parsed[k];
    else if (kind !== 'source' && STRUCTURE_KEYS.includes(k)) continue;
    else if ((PROVIDER_KEYS as readonly string[]).includes(k))
      ignored.add(`${where}.${k} (KumoMTA reads it in provider blocks only${kind === 'source' ? ', not in a sources table' : ''})`);
    else if (['retry_interval', 'max_retry_interval', 'max_age'].includes(k))
      ignored.add(`${where}.${k} (a scheduled-queue option, make_queue_config: give it in queues.toml, --queues)`);
    else ignored.add(`${where}.${k} (not modelled)`);
  }
  return out as PathOptions;
}

/** The raw document (TOML parsed, or the same structure written in YAML). */
export const shapingSchema = z
  .looseObject({ provider: z.record(z.string(), z.looseObject({})).optional() })
  .transform((doc, ctx): Shaping => {
    const ignored = new Set<string>();
    const sourceNames = new Set<string>();
    const toBlock = (at: readonly string[], raw: unknown, kind: Kind): Block => {
      const where = at.join('.');
      const r = blockSchema.safeParse(raw);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [...at, ...issue.path] } as never);
        return { automation: [], sources: {} };
      }
      const sources: Record<string, PathOptions> = {};
      for (const [name, s] of Object.entries(r.data.sources)) {
        sourceNames.add(name);
        const rawSource = (raw as { sources: Record<string, object> }).sources[name]!;
        if (kind === 'default') {
          for (const k of Object.keys(rawSource))
            ignored.add(`${where}.sources.${name}.${k} (KumoMTA applies the sources of provider, site and domain blocks, not of default)`);
          continue;
        }
        sources[name] = options(`${where}.sources.${name}`, rawSource, s, 'source', kind === 'provider', ignored);
      }
      if (kind !== 'domain' && r.data.mx_rollup !== undefined) ignored.add(`${where}.mx_rollup (domain blocks only)`);
      r.data.automation.forEach((rule, i) =>
        rule.actions.forEach((a) => {
          if (a.kind === 'SetConfig' && !SET_CONFIG_MODELLED.includes(a.name))
            ignored.add(`${where}.automation[${i}] SetConfig ${a.name} (not modelled)`);
          if (a.kind.startsWith('Bounce')) ignored.add(`${where}.automation[${i}] ${a.kind} (not modelled)`);
        }),
      );
      return { ...options(where, raw as object, r.data, kind, kind === 'provider', ignored), automation: r.data.automation, sources };
    };
    const providers = Object.entries(doc.provider ?? {}).map(([name, raw]): ProviderBlock => {
      const match = (raw['match'] ?? []) as { MXSuffix?: string; DomainSuffix?: string; HostName?: string }[];
      const pick = (k: 'MXSuffix' | 'DomainSuffix' | 'HostName') => match.flatMap((m) => (m[k] ? [m[k]] : []));
      return {
        name,
        mxSuffixes: pick('MXSuffix'),
        hostNames: pick('HostName'),
        domainSuffixes: pick('DomainSuffix'),
        block: toBlock(['provider', name], raw, 'provider'),
      };
    });
    const domains = Object.entries(doc)
      .filter(([k]) => k !== 'provider' && k !== 'default')
      .map(([name, raw]): DomainBlock => ({
        name,
        rollup: (raw as { mx_rollup?: unknown }).mx_rollup !== false,
        block: toBlock([name], raw, 'domain'),
      }));
    sharedNames(providers, ignored);
    const def = toBlock(['default'], doc['default'] ?? {}, 'default');
    return { default: def, providers, domains, ignored: [...ignored].sort(), sources: [...sourceNames].sort() };
  });

/**
 * A named limit used by more than one provider sources table spans several sources or providers:
 * not modelled (the simulator's shared limits are per IP and provider). Drops those names and lists them.
 */
function sharedNames(providers: readonly ProviderBlock[], ignored: Set<string>): void {
  const where = new Map<string, string[]>();
  for (const p of providers)
    for (const [source, o] of Object.entries(p.block.sources))
      for (const k of NAMED_KEYS)
        for (const name of Object.keys(o[k] ?? {}))
          where.set(`${k}.${name}`, [...(where.get(`${k}.${name}`) ?? []), `provider.${p.name}.sources.${source}`]);
  for (const [key, at] of where) {
    if (at.length < 2) continue;
    const [k, ...rest] = key.split('.');
    const name = rest.join('.');
    for (const p of providers)
      for (const o of Object.values(p.block.sources)) {
        const map = o[k as (typeof NAMED_KEYS)[number]] as Record<string, unknown> | undefined;
        if (map !== undefined) delete map[name];
      }
    ignored.add(`${at.join(', ')}.${k} "${name}" (one name in ${at.length} tables spans several sources or providers: not modelled)`);
  }
}
