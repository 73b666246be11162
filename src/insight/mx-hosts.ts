/**
 * The MX host and address a simulated attempt went to, for the logs the simulator writes. The
 * topology keys sites by MX set (src/providers/*.ts): Outlook.com domains publish one MX each
 * under olc.protection.outlook.com (hotmail.com -> hotmail-com.olc.protection.outlook.com, as
 * `dig mx hotmail.com` shows), Gmail's lowest-preference MX is gmail-smtp-in.l.google.com and
 * Yahoo's mta5.am0.yahoodns.net (one of its round-robin hosts); a corporate or Microsoft 365 site
 * names its host already. Addresses are made up from the host name, inside each operator's real
 * ranges where one is well known (Microsoft 52.101.0.0/16, Google 142.250.0.0/15, Yahoo
 * 67.195.0.0/16) and in TEST-NET-3 (RFC 5737) otherwise.
 */

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The MX host for a site's MX set and a recipient domain. */
export function mxHostOf(siteMx: string, domain: string): string {
  if (siteMx === 'olc.protection.outlook.com') return `${domain.replaceAll('.', '-')}.olc.protection.outlook.com`;
  if (siteMx === 'google.com') return 'gmail-smtp-in.l.google.com';
  if (siteMx === 'yahoodns.net') return 'mta5.am0.yahoodns.net';
  return siteMx;
}

const cache = new Map<string, string>();

/** A stable address for an MX host. */
export function mxIpOf(host: string): string {
  let ip = cache.get(host);
  if (ip === undefined) {
    const h = fnv(host);
    const lo = `${(h >>> 8) & 0xff}.${1 + (h % 254)}`;
    ip = host.endsWith('.outlook.com')
      ? `52.101.${lo}`
      : host.endsWith('.google.com')
        ? `142.250.${lo}`
        : host.endsWith('.yahoodns.net')
          ? `67.195.${lo}`
          : `203.0.113.${1 + (h % 254)}`;
    cache.set(host, ip);
  }
  return ip;
}
