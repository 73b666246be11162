/**
 * Command-line values of `warmup-sim serve`: listen addresses (`[provider=]host:port`), the
 * loopback rule (a non-loopback address needs --allow-remote), time scale and model durations.
 * Every problem is a {@link LiveUsageError} with one line saying what was expected.
 */
import { isIP } from 'node:net';
import { MAX_SCALE } from './clock.ts';
import { PROVIDERS, parseDuration, type ProviderName } from './adapter.ts';
import type { ListenSpec } from './server.ts';

export class LiveUsageError extends Error {}

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** "127.0.0.1:2525", "gmail=127.0.0.1:2526", "[::1]:2525". Provider default: microsoft. */
export function parseListen(text: string, allowRemote: boolean, flag = '--listen'): ListenSpec {
  const m = /^(?:([a-z0-9]+)=)?(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new LiveUsageError(`${flag}: "${text}" is not [provider=]host:port (e.g. 127.0.0.1:2525 or gmail=127.0.0.1:2526)`);
  const provider = (m[1] ?? 'microsoft') as ProviderName;
  if (!PROVIDERS.includes(provider))
    throw new LiveUsageError(`${flag}: unknown provider "${m[1]}" (expected one of ${PROVIDERS.join(', ')})`);
  const host = m[2]!.replace(/^\[|\]$/g, '');
  const port = Number(m[3]);
  if (port > 65535) throw new LiveUsageError(`${flag}: port ${port} is above 65535`);
  if (!allowRemote && !isLoopback(host)) {
    throw new LiveUsageError(`${flag}: ${host} is not a loopback address; live mode binds loopback only unless --allow-remote is given`);
  }
  return { provider, host, port };
}

export function parseScale(v: number): number {
  if (!Number.isFinite(v) || v < 1 || v > MAX_SCALE)
    throw new LiveUsageError(`--time-scale: expected a number from 1 to ${MAX_SCALE}, got ${v}`);
  return v;
}

/** A model duration ("7d", "36h", seconds); `flag` names it in the error. */
export function parseModelDuration(text: string, flag: string): number {
  const s = parseDuration(text);
  if (s === undefined || !(s > 0))
    throw new LiveUsageError(`${flag}: invalid duration "${text}" (expected e.g. "30m", "12h", "7d" or seconds > 0)`);
  return s;
}
