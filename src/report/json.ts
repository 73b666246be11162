/**
 * JSON as the reports write it: numbers or null, never the strings "NaN" or "Infinity". null
 * means "no value": a rate without attempts, a percentile without messages, a target never
 * reached (`daysToTarget`, and `daysToTarget` means over seeds). `run --json` and summary.json
 * both go through here, so they agree.
 */
export function toJson(value: unknown, indent = 1): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent) + '\n';
}
