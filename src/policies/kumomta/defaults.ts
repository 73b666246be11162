/**
 * KumoMTA's shipped shaping defaults (assets/policy-extras/shaping.toml, kumomta snapshot
 * 3ebc1e85, 2026-08-04, Apache-2.0), reduced to the blocks and options the simulator models:
 * the default block and its automation rule, and the Outlook, Office 365, Google and Yahoo
 * provider blocks.
 */
export const KUMO_SHIPPED_DEFAULTS: Record<string, unknown> = {
  default: {
    connection_limit: 10,
    max_deliveries_per_connection: 100,
    max_message_rate: '100/s',
    automation: [
      {
        regex: [
          'Messages from \\d+\\.\\d+\\.\\d+\\.\\d+ temporarily deferred',
          'All messages from \\d+\\.\\d+\\.\\d+\\.\\d+ will be permanently deferred',
          'has been temporarily rate limited due to IP reputation',
          'Unfortunately, messages from \\d+\\.\\d+\\.\\d+\\.\\d+ weren.t sent',
          'Server busy\\. Please try again later from',
        ],
        action: [{ SetConfig: { name: 'max_message_rate', value: '1/minute' } }, { SetConfig: { name: 'connection_limit', value: 1 } }],
        duration: '90m',
      },
    ],
  },
  provider: {
    google: {
      match: [{ MXSuffix: '.google.com' }, { MXSuffix: '.googlemail.com' }],
      max_deliveries_per_connection: 50,
      provider_connection_limit: 5,
    },
    yahoo: {
      match: [{ MXSuffix: '.yahoodns.net' }],
      max_deliveries_per_connection: 20,
      automation: [{ regex: '\\[TS?S04\\]', action: 'Suspend', duration: '2 hours' }],
    },
    outlook: { match: [{ MXSuffix: '.olc.protection.outlook.com' }], max_deliveries_per_connection: 50, provider_connection_limit: 5 },
    office365: { match: [{ MXSuffix: '.mail.protection.outlook.com' }], max_deliveries_per_connection: 50, provider_connection_limit: 5 },
  },
};
