/** Each provider's parameter table, for validating `receivers.<provider>.params` in scenario files. */
import type { ParamTable } from './params.ts';
import { MICROSOFT_PARAMS } from './microsoft-params.ts';
import { GMAIL_PARAMS } from './gmail.ts';
import { YAHOO_PARAMS } from './yahoo.ts';
import { GENERIC_PARAMS } from './generic.ts';

export const RECEIVER_PARAMS: Readonly<Record<'microsoft' | 'gmail' | 'yahoo' | 'corporate' | 'm365', ParamTable>> = {
  microsoft: MICROSOFT_PARAMS,
  m365: MICROSOFT_PARAMS,
  gmail: GMAIL_PARAMS,
  yahoo: YAHOO_PARAMS,
  corporate: GENERIC_PARAMS,
};
