/**
 * KumoMTA scheduled-queue settings as the queues helper reads them (assets/policy-extras/queue.lua,
 * docs/userguide/configuration/queuemanagement.md): `[queue.default]` and `[queue."<domain>"]`
 * tables of make_queue_config options. Modelled: `retry_interval`, `max_retry_interval`, `max_age`
 * (docs make_queue_config/*.md); every other key (tenant and campaign tables, headers, egress_pool,
 * ...) is listed as not modelled. A site takes the entry of its first domain that has one.
 */
import { z } from 'zod';
import { durationField } from './fields.ts';

export interface QueueOptions {
  readonly retry_interval?: number;
  readonly max_retry_interval?: number;
  readonly max_age?: number;
}

export interface Queues {
  readonly default: QueueOptions;
  readonly domains: Readonly<Record<string, QueueOptions>>;
  readonly ignored: readonly string[];
}

const MODELLED = ['retry_interval', 'max_retry_interval', 'max_age'];
const entry = z.looseObject({
  retry_interval: durationField.optional(),
  max_retry_interval: durationField.optional(),
  max_age: durationField.optional(),
});

/** A queues.toml document (TOML parsed, or the same structure inline). */
export const queuesSchema = z.looseObject({ queue: z.record(z.string(), z.looseObject({})).default({}) }).transform((doc, ctx): Queues => {
  const ignored: string[] = Object.keys(doc)
    .filter((k) => k !== 'queue')
    .map((k) => `${k} (not modelled)`);
  const domains: Record<string, QueueOptions> = {};
  let def: QueueOptions = {};
  for (const [name, raw] of Object.entries(doc.queue)) {
    const r = entry.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: ['queue', name, ...issue.path] } as never);
      continue;
    }
    const o: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (MODELLED.includes(k)) o[k] = r.data[k as keyof QueueOptions] as number;
      else
        ignored.push(
          `queue.${name}.${k} (${typeof v === 'object' && v !== null ? 'tenant and campaign tables' : ''} not modelled)`.replace('( ', '('),
        );
    }
    if (name === 'default') def = o;
    else domains[name] = o;
  }
  return { default: def, domains, ignored: ignored.sort() };
});

/** The queue options of a site: the entry of its first domain that has one, over `default`. */
export function queueFor(q: Queues, domains: readonly string[]): QueueOptions {
  const d = domains.find((x) => q.domains[x] !== undefined);
  return { ...q.default, ...(d === undefined ? {} : q.domains[d]) };
}
