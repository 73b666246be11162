/**
 * Checks of a scenario that read more than one field: shares that must sum to 1, names that
 * refer to other entries (pools, sending domains, segments), duplicates. Each runs as a zod
 * refinement with `when` (zod 4's refinement option), as soon as the parts it reads parsed, so a
 * file with a wrong field elsewhere still gets these problems in the same pass.
 */
import type { z } from 'zod';

/** How far shares may sum from 1 (three shares of 0.333 pass); the model scales what is left to exactly 1 (weighted choice). */
export const SHARE_TOLERANCE = 0.001;

/** Shares that do not sum to 1: an error that says what they sum to and what they would be scaled to 1. */
export function sharesSumToOne(entries: readonly (readonly [string, number | undefined])[], ctx: z.RefinementCtx): void {
  const given = entries.filter((e): e is readonly [string, number] => e[1] !== undefined);
  const sum = given.reduce((t, [, v]) => t + v, 0);
  if (Math.abs(sum - 1) <= SHARE_TOLERANCE) return;
  const round = (x: number) => String(Math.round(x * 1000) / 1000);
  const scaled = sum > 0 ? `; scaled to sum to 1 they would be ${given.map(([k, v]) => `${k}: ${round(v / sum)}`).join(', ')}` : '';
  ctx.addIssue({ code: 'custom', message: `shares sum to ${round(sum)}, expected 1${scaled}` });
}

/**
 * Runs a refinement when no earlier issue touches the parts it reads: paths with `*` for any index
 * (an issue at `ips[0].address` leaves `ips[*].pool` readable; one at `ips[0]` does not). Issues at
 * the root (unknown top-level keys) touch no value.
 */
export function validAt(...parts: readonly (readonly string[])[]): { when: (p: z.core.ParsePayload) => boolean } {
  const touches = (path: readonly PropertyKey[], part: readonly string[]) =>
    path.length > 0 && part.every((k, n) => n >= path.length || k === '*' || path[n] === k);
  return { when: (p) => !p.issues.some((i) => parts.some((part) => touches(i.path ?? [], part))) };
}

/** The parts of a parsed scenario the checks read. */
interface Parts {
  readonly ips: readonly { readonly address: string; readonly pool: string }[];
  readonly domains: readonly { readonly name: string }[];
  readonly audience: { readonly segments: readonly { readonly name: string }[] };
  readonly streams: readonly ({ readonly pool: string; readonly domain: string } & (
    { readonly kind: 'bulk'; readonly segments: readonly string[] } | { readonly kind: 'transactional' }
  ))[];
  readonly policies: readonly { readonly name: string }[];
}

const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path });

export function duplicateIps(s: Parts, ctx: z.RefinementCtx): void {
  s.ips.forEach((x, i) => {
    if (s.ips.findIndex((y) => y.address === x.address) !== i) issue(ctx, ['ips', i, 'address'], `duplicate IP ${x.address}`);
  });
}

export function knownPools(s: Parts, ctx: z.RefinementCtx): void {
  const pools = new Set(s.ips.map((i) => i.pool));
  s.streams.forEach((st, i) => {
    if (!pools.has(st.pool)) issue(ctx, ['streams', i, 'pool'], `unknown pool "${st.pool}" (pools: ${[...pools].join(', ')})`);
  });
}

export function knownDomains(s: Parts, ctx: z.RefinementCtx): void {
  const domains = new Set(s.domains.map((d) => d.name));
  s.streams.forEach((st, i) => {
    if (!domains.has(st.domain))
      issue(ctx, ['streams', i, 'domain'], `unknown sending domain "${st.domain}" (domains: ${[...domains].join(', ')})`);
  });
}

export function knownSegments(s: Parts, ctx: z.RefinementCtx): void {
  const segments = new Set(s.audience.segments.map((g) => g.name));
  s.streams.forEach((st, i) => {
    if (st.kind === 'bulk')
      st.segments.forEach((g, k) => {
        if (!segments.has(g)) issue(ctx, ['streams', i, 'segments', k], `unknown segment "${g}" (segments: ${[...segments].join(', ')})`);
      });
  });
}

/** An entry whose parameters failed is no `{ name }` (zod's aborted value): skipped. */
export function uniquePolicyNames(s: Parts, ctx: z.RefinementCtx): void {
  s.policies.forEach((p, i) => {
    if (typeof p.name === 'string' && s.policies.findIndex((q) => q.name === p.name) !== i)
      issue(ctx, ['policies', i, 'name'], `duplicate policy name "${p.name}"`);
  });
}
