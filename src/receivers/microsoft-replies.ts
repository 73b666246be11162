/** The Microsoft model's replies, interned once per run: one per IP where the text names the IP, one per domain for 5.7.515. */
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { fill, type MicrosoftTexts } from '../smtp/texts.ts';

export interface MicrosoftReplies {
  readonly ok: Reply;
  readonly unknown: Reply;
  readonly rate: readonly Reply[];
  readonly conn: readonly Reply[];
  readonly ipBlock: readonly Reply[];
  readonly netBlock: readonly Reply[];
  readonly ban: readonly Reply[];
  readonly auth: readonly Reply[];
}

export function microsoftReplies(
  replies: ReplyTable,
  t: MicrosoftTexts,
  addresses: readonly string[],
  domains: readonly { readonly name: string }[],
): MicrosoftReplies {
  const per = (text: string) => addresses.map((a) => replies.get(fill(text, a)));
  return {
    ok: replies.get(t.accepted),
    unknown: replies.get(t.unknownUser),
    rate: per(t.rateLimited),
    conn: per(t.connections),
    ipBlock: per(t.ipBlock),
    netBlock: per(t.netBlock),
    ban: per(t.banned),
    auth: domains.map((dm) => replies.get(fill(t.auth, '', dm.name))),
  };
}
