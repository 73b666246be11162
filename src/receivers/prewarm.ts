/** History before the run: what a warmed IP or domain has already shown a receiver. */
import type { PrewarmSpec } from '../spec/scenario.ts';

/**
 * Evidence left by a history of `perHour` accepted messages/hour for `days` days with engagement
 * share `engagement`, ended `idleDays` before the run: with forgetting rate l = ln 2 / halfLife,
 * n = 24·perHour·(1 - e^(-l·days)) / l · e^(-l·idle), P = wEng·engagement·n,
 * N = wInact·(1 - engagement)·n, B = perHour·(1 - e^(-24·days/tauB))·e^(-24·idle/tauB).
 */
export function prewarmEvidence(w: PrewarmSpec, halfLifeDays: number, tauBHours: number, wEng: number, wInact: number) {
  const l = Math.LN2 / halfLifeDays;
  const n = ((24 * w.perHour * (1 - Math.exp(-l * w.days))) / l) * Math.exp(-l * w.idleDays);
  const B = w.perHour * (1 - Math.exp((-24 * w.days) / tauBHours)) * Math.exp((-24 * w.idleDays) / tauBHours);
  return { n, P: wEng * w.engagement * n, N: wInact * (1 - w.engagement) * n, B };
}

/**
 * The established hourly rate a history of `perHour` accepted messages/hour leaves (the history
 * held while it lasted, faded over the idle days since, see ./volume-history.ts):
 * H = perHour · e^(-24·idleDays/tauB).
 */
export function prewarmHistory(w: PrewarmSpec, tauBHours: number): number {
  return w.perHour * Math.exp((-24 * w.idleDays) / tauBHours);
}
