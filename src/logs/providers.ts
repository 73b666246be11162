/**
 * Which mailbox provider a recipient domain belongs to. The default table puts the Outlook.com
 * consumer domains (hotmail, outlook, live, msn, windowslive, passport in their country variants)
 * under microsoft, gmail/googlemail under gmail, and yahoo, aol, ymail and rocketmail under yahoo
 * (Yahoo has operated AOL mail since 2017); anything else is corporate. Optionally a domain not in
 * the table is placed by its MX host (peer), as KumoMTA's provider blocks match sites by
 * `MXSuffix` (docs/reference/kumo/make_egress_path; shaping.toml provider "outlook" and
 * "office365"): *.olc.protection.outlook.com is Outlook.com, *.mail.protection.outlook.com is an
 * Exchange Online (Microsoft 365) tenant.
 */

export interface ProviderTable {
  /** Whole domains: 'gmail.com' -> 'gmail'. */
  readonly domains: Readonly<Record<string, string>>;
  /** First label of a domain whose rest is a public suffix such as com, fr, co.uk, com.br: 'hotmail' -> 'microsoft'. */
  readonly labels: Readonly<Record<string, string>>;
  /** MX host suffixes for domains the two lists above do not place. */
  readonly mx: readonly (readonly [suffix: string, provider: string])[];
  /** Everything else. */
  readonly fallback: string;
}

export const DEFAULT_PROVIDERS: ProviderTable = {
  domains: {
    'gmail.com': 'gmail',
    'googlemail.com': 'gmail',
    'ymail.com': 'yahoo',
    'rocketmail.com': 'yahoo',
    'aim.com': 'yahoo',
    'msn.com': 'microsoft',
    'passport.com': 'microsoft',
    'windowslive.com': 'microsoft',
  },
  labels: {
    hotmail: 'microsoft',
    outlook: 'microsoft',
    live: 'microsoft',
    msn: 'microsoft',
    windowslive: 'microsoft',
    yahoo: 'yahoo',
    aol: 'yahoo',
  },
  mx: [
    ['.olc.protection.outlook.com', 'microsoft'],
    ['.mail.protection.outlook.com', 'm365'],
  ],
  fallback: 'corporate',
};

/** A public-suffix-like rest: "com", "fr", "co.uk", "com.br" (one or two labels of 2-3 letters). */
const SUFFIX = /^[a-z]{2,3}(\.[a-z]{2,3})?$/;

/** Caching lookup; domains repeat millions of times in a log. */
export class ProviderMap {
  private readonly cache = new Map<string, string>();
  private readonly domains: Map<string, string>;
  private readonly labels: Map<string, string>;
  private lastDomain = '';
  private lastProvider = '';

  constructor(private readonly table: ProviderTable = DEFAULT_PROVIDERS) {
    this.domains = new Map(Object.entries(table.domains));
    this.labels = new Map(Object.entries(table.labels));
  }

  /** The provider of a lower-case domain; `mxHost` (optional) places domains the table does not. */
  of(domain: string, mxHost = ''): string {
    if (domain === '') return '';
    let p = domain === this.lastDomain ? this.lastProvider : this.cache.get(domain);
    if (p === undefined) {
      p = this.byDomain(domain);
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(domain, p);
    }
    this.lastDomain = domain;
    this.lastProvider = p;
    if (p === '') return this.byMx(mxHost);
    return p;
  }

  /** '' when the domain lists do not place it (then the MX may). */
  private byDomain(domain: string): string {
    const exact = this.domains.get(domain);
    if (exact !== undefined) return exact;
    const dot = domain.indexOf('.');
    if (dot > 0) {
      const byLabel = this.labels.get(domain.slice(0, dot));
      if (byLabel !== undefined && SUFFIX.test(domain.slice(dot + 1))) return byLabel;
    }
    return '';
  }

  private byMx(mxHost: string): string {
    if (mxHost !== '') {
      const h = mxHost.endsWith('.') ? mxHost.slice(0, -1).toLowerCase() : mxHost.toLowerCase();
      for (const [suffix, provider] of this.table.mx) if (h.endsWith(suffix)) return provider;
    }
    return this.table.fallback;
  }
}
