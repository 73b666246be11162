/**
 * KumoMTA Traffic Shaping Automation (docs/userguide/trafficshaping/automation.md; code:
 * crates/kumo-api-types/src/shaping.rs, crates/tsa-daemon/src/state.rs). Every rule whose regex
 * matches a reply fires (not only the first). `Immediate` acts at once; `Threshold = "N/period"`
 * acts when N matches fall within the window. Code-level quirk, on by default
 * (`window: "duration"`): the daemon counts over the rule's *duration* plus 300 s of retention,
 * not over the threshold's period (the docs say "in the preceding hour"); `window: "period"`
 * follows the docs. A re-trigger re-inserts the action with a later expiry, extending it.
 */
import type { Reply } from '../../smtp/reply.ts';
import { ReplyMatcher } from '../support/reply-match.ts';
import type { Action, Rule } from './shaping.ts';

export type Fire = (path: number, action: Action, until: number) => void;

export class Tsa {
  private readonly matchers: ReplyMatcher[];
  /** Match times per (rule, path), for Threshold triggers. */
  private readonly hits = new Map<number, number[]>();
  firings = 0;

  /** `rulesBySite[site]` = indexes into `rules` that apply to the site. */
  constructor(
    private readonly rules: readonly Rule[],
    private readonly rulesBySite: readonly (readonly number[])[],
    private readonly window: 'duration' | 'period',
    private readonly fire: Fire,
  ) {
    this.matchers = rules.map((r) => new ReplyMatcher(r.regex.map((x) => new RegExp(x))));
  }

  onReply(path: number, site: number, reply: Reply, now: number): void {
    for (const k of this.rulesBySite[site]!) {
      if (!this.matchers[k]!.test(reply)) continue;
      const rule = this.rules[k]!;
      if (rule.trigger !== 'Immediate') {
        const span = this.window === 'duration' ? rule.duration + 300 : rule.trigger.period;
        const key = k * 1_000_003 + path;
        const list = (this.hits.get(key) ?? []).filter((t) => t > now - span);
        list.push(now);
        this.hits.set(key, list);
        if (list.length < rule.trigger.count) continue;
      }
      this.firings++;
      for (const a of rule.actions) this.fire(path, a, now + rule.duration);
    }
  }
}
