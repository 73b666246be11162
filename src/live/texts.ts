/**
 * Reply texts live mode needs beyond what a Receiver returns: each provider's unknown-user text
 * (src/smtp/texts.ts, verbatim), for a first recipient that does not exist.
 */
import { GENERIC_TEXTS, GMAIL_TEXTS, M365_TEXTS, MS_TEXTS, YAHOO_TEXTS, type ProviderName } from './adapter.ts';

export function unknownUserText(provider: ProviderName): string {
  switch (provider) {
    case 'microsoft':
      return MS_TEXTS.unknownUser;
    case 'm365':
      return M365_TEXTS.unknownUser;
    case 'gmail':
      return GMAIL_TEXTS.unknownUser;
    case 'yahoo':
      return YAHOO_TEXTS.unknownUser;
    case 'corporate':
      return GENERIC_TEXTS.unknownUser;
  }
}
