/**
 * The filter's parameters: the Microsoft model's defaults (src/receivers/microsoft-params.ts,
 * the table of docs/receiver-model.md 2.8), with overrides (the scenario's `receivers.microsoft.params`
 * when the logs came from a simulation with other values, or the values being fitted), plus the
 * model-error share kappa of the hourly accepted count.
 */
import { MICROSOFT_PARAMS } from '../../receivers/microsoft-params.ts';
import type { ModelParams } from './filter.ts';

/**
 * Parameters the fit estimates: the range it searches, the offset of its search coordinate
 * ln(x - offset), and the model discrepancy: the sd, in that coordinate, of the hourly filter's
 * error against the event-level simulator, measured by bench/calibrate.ts (F0 about -3 % +- 3 %,
 * kNew within +-3 % on 10 runs), added to the statistical variance of the intervals.
 */
export const FITTED = {
  F0: { lo: 3, hi: 200, doc: 'new-IP floor, messages/hour/IP', offset: 0, discrepancy: 0.05 },
  kNew: { lo: 1.05, hi: 5, doc: 'headroom of a new IP over its volume history', offset: 1, discrepancy: 0.07 },
  fDom: { lo: 10, hi: 2000, doc: 'new-domain floor, messages/hour (shared by its IPs)', offset: 0, discrepancy: 0.1 },
  kappa: { lo: 0.002, hi: 2, doc: 'model error, share of the hourly accepted count (nuisance)', offset: 0, discrepancy: 0 },
} as const;
export type FittedName = keyof typeof FITTED;

const DEFAULT_KAPPA = 0.25;

export function modelParams(over: Partial<Record<keyof ModelParams, number>> = {}): ModelParams {
  const d = (k: keyof typeof MICROSOFT_PARAMS) => MICROSOFT_PARAMS[k].default as number;
  return {
    F0: d('F0'),
    kNew: d('kNew'),
    kEst: d('kEst'),
    nHalf: d('nHalf'),
    tauB: d('tauB'),
    halfLife: d('halfLife'),
    k0: d('k0'),
    k0Dom: d('k0Dom'),
    k0Net: d('k0Net'),
    pi0: d('pi0'),
    lambdaD: d('lambdaD'),
    lambdaN: d('lambdaN'),
    omegaD: d('omegaD'),
    omegaN: d('omegaN'),
    wEng: d('wEng'),
    wInact: d('wInact'),
    wC: d('wC'),
    nShrink: d('nShrink'),
    wU: d('wU'),
    pMax: d('pMax'),
    tMid: d('tMid'),
    s: d('s'),
    tLo: d('tLo'),
    tHi: d('tHi'),
    phi: d('phi'),
    bucketHours: d('bucketHours'),
    bucketMin: d('bucketMin'),
    fDom: d('fDom'),
    nHalfDom: d('nHalfDom'),
    junkMid: d('junkMid'),
    junkS: d('junkS'),
    kappa: DEFAULT_KAPPA,
    latentComplaints: 0,
    ...over,
  };
}
