/**
 * kumomta: KumoMTA's egress shaping, Traffic Shaping Automation and retry schedule
 * (docs/mta-behaviours.md 1). Per path (source IP x site): connection_limit, max_message_rate,
 * max_deliveries_per_connection and source_selection_rate from the merged shaping blocks
 * (default -> matching providers -> domain); provider_connection_limit /
 * provider_max_message_rate per source across a provider's sites. TSA rules act per path:
 * Suspend (the ready queue's messages go to other sources), SetConfig (a timed override),
 * SuspendTenant/SuspendCampaign (every source for the site). Retry: retry_interval doubling per
 * attempt, capped by max_retry_interval, jitter +-min(interval/20, 60 s)/2, max_age.
 * `shaping` is a shaping file (TOML, relative to the scenario) or the same structure inline; by
 * default the shipped defaults (assets/policy-extras/shaping.toml) for the providers modelled here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { definePolicy, type ParamIssue } from '../definition.ts';
import type { MtaControl, Policy } from '../../contracts/policy.ts';
import { nextAttemptAt, type RetrySchedule } from '../support/retry.ts';
import { parseThrottle, type ThrottleSpec } from '../../spec/throttle.ts';
import { duration } from '../../spec/units-schema.ts';
import { blocksFor, shapingSchema, type Action, type Block, type Rule, type Shaping } from './shaping.ts';
import { Tsa } from './tsa.ts';
import { KUMO_SHIPPED_DEFAULTS } from './defaults.ts';

/** Reads a KumoMTA shaping file (TOML) into the raw structure. */
export function readShapingFile(path: string): unknown {
  return parseToml(readFileSync(path, 'utf8'));
}

/**
 * The shaping document of the parameters, checked: the file read (relative to the scenario) and
 * parsed, then validated; or the issues, located under `shaping` with the file's own line:col.
 */
function loadShaping(
  shaping: string | Record<string, unknown>,
  baseDir: string,
): { ok: true; raw: Record<string, unknown> } | { ok: false; issues: ParamIssue[] } {
  let raw: unknown = shaping;
  if (typeof shaping === 'string') {
    try {
      raw = readShapingFile(resolve(baseDir, shaping));
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { line?: number; column?: number };
      const why =
        err.code === 'ENOENT'
          ? 'no such file'
          : err.code === 'EISDIR'
            ? 'is a directory'
            : err.line !== undefined
              ? `TOML syntax error at ${shaping}:${err.line}:${err.column}: ${firstLine(err.message)}`
              : firstLine(String(err.message));
      return { ok: false, issues: [{ path: ['shaping'], message: `cannot load the shaping file "${shaping}" (${why})` }] };
    }
  }
  const r = shapingSchema.safeParse(raw);
  if (!r.success) {
    const where = typeof shaping === 'string' ? `${shaping}: ` : '';
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({
        path: typeof shaping === 'string' ? ['shaping'] : ['shaping', ...i.path.filter((k): k is string | number => typeof k !== 'symbol')],
        message: `${where}${typeof shaping === 'string' ? `${i.path.join('.')}: ` : ''}${i.message}`,
      })),
    };
  }
  return { ok: true, raw: raw as Record<string, unknown> };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}

interface PathConfig {
  connection_limit: number;
  max_message_rate: ThrottleSpec | undefined;
  max_deliveries_per_connection: number;
  source_selection_rate: ThrottleSpec | undefined;
}

export default definePolicy({
  name: 'kumomta',
  summary: 'KumoMTA shaping (per source x site limits, provider limits), Traffic Shaping Automation rules and its 20-min doubling retry',
  source: 'KumoMTA make_egress_path, make_queue_config, TSA automation (kumomta 2026-08 snapshot)',
  params: z.strictObject({
    shaping: z.union([z.string(), z.record(z.string(), z.unknown())]).default(KUMO_SHIPPED_DEFAULTS),
    retry_interval: duration().default(1200),
    max_retry_interval: duration().optional(),
    max_age: duration().default(7 * 86400),
    tsa_window: z.enum(['duration', 'period']).default('duration'),
  }),
  prepare(p, ctx) {
    const s = loadShaping(p.shaping, ctx.baseDir);
    return s.ok ? { ok: true, params: { ...p, shaping: s.raw } } : s;
  },
  create(p, ctx) {
    const raw = typeof p.shaping === 'string' ? readShapingFile(resolve(ctx.baseDir, p.shaping)) : p.shaping;
    const shaping: Shaping = shapingSchema.parse(raw);
    const schedule: RetrySchedule = {
      kind: 'exponential',
      base: p.retry_interval,
      factor: 2,
      max: p.max_retry_interval ?? 0,
      jitter: true,
      maxAge: p.max_age,
    };
    let mta: MtaControl;
    let base: PathConfig[] = [];
    const overrides: Map<string, { value: number | string; until: number }>[] = [];
    let tsa: Tsa;
    const jitter = () => mta.random('kumomta/jitter').next();
    const stats = { suspensions: 0, setConfigs: 0 };

    const effective = (path: number, now: number): PathConfig => {
      const c = { ...base[path]! };
      for (const [name, o] of overrides[path]!) {
        if (o.until <= now) continue;
        if (name === 'connection_limit') c.connection_limit = Number(o.value);
        else if (name === 'max_deliveries_per_connection') c.max_deliveries_per_connection = Number(o.value);
        else if (name === 'max_message_rate' || name === 'source_selection_rate') {
          const t = parseThrottle(String(o.value));
          if (typeof t !== 'string') c[name] = t;
        }
      }
      return c;
    };
    const apply = (path: number, now: number) => {
      const c = effective(path, now);
      mta.setPathConnections(path, c.connection_limit);
      mta.setPathRate(path, c.max_message_rate, 0);
      mta.setPathRate(path, c.source_selection_rate, 1);
      mta.setPathPerConnection(path, c.max_deliveries_per_connection);
    };
    const fire = (path: number, a: Action, until: number) => {
      const now = mta.now;
      if (a.kind === 'Suspend') {
        stats.suspensions++;
        mta.suspendPath(path, until);
      } else if (a.kind === 'SuspendTenant' || a.kind === 'SuspendCampaign') {
        const site = mta.pathSite(path);
        for (let ip = 0; ip < mta.ips.length; ip++) mta.suspendPath(mta.path(ip, site), until);
      } else if (a.kind === 'SetConfig') {
        stats.setConfigs++;
        const o = overrides[path]!;
        const prev = o.get(a.name);
        o.set(a.name, { value: a.value, until: Math.max(until, prev?.until ?? 0) });
        apply(path, now);
        mta.at(until, () => apply(path, mta.now));
      }
    };

    const policy: Policy & { stats: typeof stats; shaping: Shaping; tsaFirings: () => number } = {
      name: 'kumomta',
      stats,
      shaping,
      tsaFirings: () => tsa.firings,
      setup(m) {
        mta = m;
        const rules: Rule[] = [];
        const ruleIndex = new Map<Rule, number>();
        const rulesBySite = m.sites.map((site) => {
          const blocks = blocksFor(shaping, site);
          return blocks
            .flatMap((b) => b.automation)
            .map((r) => {
              if (!ruleIndex.has(r)) ruleIndex.set(r, rules.push(r) - 1);
              return ruleIndex.get(r)!;
            });
        });
        tsa = new Tsa(rules, rulesBySite, p.tsa_window, fire);
        const siteConfig = m.sites.map((site) => merge(blocksFor(shaping, site)));
        base = Array.from({ length: m.pathCount }, (_, path) => siteConfig[m.pathSite(path)]!.path);
        for (let path = 0; path < m.pathCount; path++) {
          overrides.push(new Map());
          apply(path, 0);
        }
        m.sites.forEach((site, s) => {
          const prov = m.providers.indexOf(site.provider);
          const c = siteConfig[s]!;
          for (let ip = 0; ip < m.ips.length; ip++) {
            if (c.providerConnections !== undefined) m.setProviderConnections(ip, prov, c.providerConnections);
            if (c.providerRate !== undefined) m.setProviderRate(ip, prov, c.providerRate);
          }
        });
        m.setMaxAge(p.max_age);
      },
      onReply(path, reply, now) {
        if (reply.code >= 400) tsa.onReply(path, mta.pathSite(path), reply, now);
      },
      retryAt: (msg, _r, now) => nextAttemptAt(schedule, { ...msg, now, u: jitter() }),
    };
    return policy;
  },
});

/** Merges blocks in order (later wins), with KumoMTA's code defaults underneath. */
function merge(blocks: readonly Block[]): {
  path: PathConfig;
  providerConnections: number | undefined;
  providerRate: ThrottleSpec | undefined;
} {
  const path: PathConfig = {
    connection_limit: 32,
    max_message_rate: undefined,
    max_deliveries_per_connection: 1024,
    source_selection_rate: undefined,
  };
  let providerConnections: number | undefined;
  let providerRate: ThrottleSpec | undefined;
  for (const b of blocks) {
    if (b.connection_limit !== undefined) path.connection_limit = b.connection_limit;
    if (b.max_message_rate !== undefined) path.max_message_rate = b.max_message_rate;
    if (b.max_deliveries_per_connection !== undefined) path.max_deliveries_per_connection = b.max_deliveries_per_connection;
    if (b.source_selection_rate !== undefined) path.source_selection_rate = b.source_selection_rate;
    if (b.provider_connection_limit !== undefined) providerConnections = b.provider_connection_limit;
    if (b.provider_max_message_rate !== undefined) providerRate = b.provider_max_message_rate;
  }
  return { path, providerConnections, providerRate };
}
