/**
 * Names in expressions: the catalogue metric a dotted name refers to and, in a `compare:`
 * expectation, which of the two policies (the first segment) it belongs to. Unknown names get the
 * closest catalogue names; a policy prefix outside a compare, a name that is two metrics joined by
 * a minus without spaces, and from_day on a whole-run metric get a hint of their own.
 */
import type { NameNode } from './ast.ts';
import type { Metric } from './catalogue.ts';
import { didYouMean } from './did-you-mean.ts';
import { ExprError } from './errors.ts';

export interface NameContext {
  readonly metrics: ReadonlyMap<string, Metric>;
  readonly compare?: readonly [string, string];
  readonly policies?: readonly string[];
  readonly fromDay?: number;
}

/** The metric a name refers to, and which policy slot (0, or 0/1 in a compare). */
export function lookup(n: NameNode, ctx: NameContext): { slot: number; metric: Metric } {
  const whole = n.path.join('.');
  const known = [...ctx.metrics.keys()];
  let slot = 0;
  let name = whole;
  let at = n.start;
  if (ctx.compare !== undefined) {
    const [a, b] = ctx.compare;
    const first = n.path[0]!;
    if (n.path.length < 2 || (first !== a && first !== b)) {
      if (ctx.metrics.has(whole)) throw new ExprError(n.start, `in a compare: expectation name the policy: ${a}.${whole} or ${b}.${whole}`);
      const dym = didYouMean(first, [a, b]);
      throw new ExprError(n.start, `"${first}" is not one of the compared policies (${a}, ${b})${dym === '' ? '' : `; ${dym}`}`);
    }
    slot = first === a ? 0 : 1;
    name = n.path.slice(1).join('.');
    at = n.start + first.length + 1;
  }
  const metric = ctx.metrics.get(name);
  if (metric === undefined) {
    const policy = ctx.compare === undefined && n.path.length > 1 && (ctx.policies ?? []).includes(n.path[0]!) ? n.path[0] : undefined;
    if (policy !== undefined && ctx.metrics.has(n.path.slice(1).join('.'))) {
      throw new ExprError(
        n.start,
        `policy prefixes belong in compare: expectations; write ${n.path.slice(1).join('.')} with policy: ${policy}`,
      );
    }
    const dym = didYouMean(name, known);
    const parts = whole.split('-');
    const resolves = (p: string) => {
      if (ctx.compare === undefined) return ctx.metrics.has(p);
      const dot = p.indexOf('.');
      return dot > 0 && ctx.compare.includes(p.slice(0, dot)) && ctx.metrics.has(p.slice(dot + 1));
    };
    const minus = parts.length > 1 && parts.every(resolves) ? `; to subtract, put spaces around the minus: ${parts.join(' - ')}` : '';
    const rest =
      dym !== ''
        ? `; ${dym}`
        : minus === ''
          ? '; expected a metric such as delivered, outlook_blocks, days_to_target or microsoft.worst_daily_deferral'
          : '';
    throw new ExprError(at, `unknown metric "${name}"${rest}${minus}`);
  }
  if (ctx.fromDay !== undefined && metric.fromDay === undefined) {
    const can = [...ctx.metrics.values()].filter((m) => m.fromDay !== undefined).map((m) => m.name);
    throw new ExprError(at, `from_day does not apply to ${name}, a whole-run figure (it applies to ${can.join(', ')})`);
  }
  return { slot, metric };
}
