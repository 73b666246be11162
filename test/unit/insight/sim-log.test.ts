/**
 * `run --log`: a run's attempts written as KumoMTA, PowerMTA and Postfix logs and read back by the
 * readers of src/logs/ give the run's own counts per source IP and hour (RunMetrics: attempts,
 * accepted, 4xx deferred, 5xx), and the records carry the mapped fields (recipient domain,
 * provider, MX host, message id, attempt number, queued time).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';
import { readLog, type LogRecord } from '../../../src/logs/index.ts';
import { SimLogWriter, SIM_LOG_FORMATS, startEpoch } from '../../../src/insight/sim-log.ts';
import { mxHostOf } from '../../../src/insight/mx-hosts.ts';

const dir = mkdtempSync(join(tmpdir(), 'warmup-simlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two days, two fresh IPs, a burst well over Microsoft's new-IP floor, a cold segment (unknown users), naive 30-minute retries, 3 h max age. */
const SCENARIO = `
name: simlog
seed: 11
duration: 2d
start: 2026-12-30
ips:
  - { address: 192.0.2.10, pool: p }
  - { address: 192.0.2.11, pool: p }
domains:
  - { name: t.example.com }
audience:
  size: 4000
  providers: { microsoft: 0.5, gmail: 0.2, yahoo: 0.1, corporate: 0.1, m365: 0.1 }
  segments:
    - { name: engaged, preset: engaged, share: 0.5 }
    - { name: cold, preset: cold, share: 0.5 }
streams:
  - { name: news, kind: bulk, domain: t.example.com, pool: p, per_day: 1500, send_at: "20:00", spread: 1h }
policies:
  - { name: naive, use: naive, retry_after: 30m, max_age: 3h }
`;

const loaded = loadScenarioText(SCENARIO, 'simlog.yaml');
const epoch = startEpoch('2026-12-30');

function simulateTo(format: (typeof SIM_LOG_FORMATS)[number]) {
  const path = join(dir, `log.${format}`);
  const w = new SimLogWriter(path, format);
  const o = runScenario(loaded, { onTrace: w.write, onStart: w.start });
  w.close();
  return { path, o, w };
}

type Counts = Map<string, [attempts: number, accepted: number, deferred: number, rejected: number]>;

/** Per "ip hour": attempts, 2xx, 4xx/no reply, 5xx. */
function fromRecords(records: readonly LogRecord[]): Counts {
  const m: Counts = new Map();
  for (const r of records) {
    if (r.kind !== 'delivered' && r.kind !== 'deferred' && r.kind !== 'bounced') continue;
    const key = `${r.sourceIp} ${Math.floor((r.time - epoch) / 3600)}`;
    const c = m.get(key) ?? [0, 0, 0, 0];
    c[0]++;
    c[r.code >= 200 && r.code < 300 ? 1 : r.code >= 500 ? 3 : 2]++;
    m.set(key, c);
  }
  return m;
}

function fromMetrics(o: ReturnType<typeof runScenario>): Counts {
  const m: Counts = new Map();
  const x = o.run.metrics;
  for (let h = 0; h < x.hours; h++)
    for (let p = 0; p < x.providers; p++)
      for (let i = 0; i < x.ips; i++) {
        const k = (h * x.providers + p) * x.ips + i;
        if (x.attempts[k] === 0) continue;
        const key = `${o.run.topo.ips[i]!.address} ${h}`;
        const c = m.get(key) ?? [0, 0, 0, 0];
        c[0] += x.attempts[k]!;
        c[1] += x.accepted[k]!;
        c[2] += x.deferred[k]!;
        c[3] += x.bounced[k]!;
        m.set(key, c);
      }
  return m;
}

const sorted = (m: Counts) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('run --log: simulate, write, read back', () => {
  for (const format of SIM_LOG_FORMATS)
    it(`${format}: the same attempts, accepted, deferred and rejected per IP and hour as the run's metrics`, async () => {
      const { path, o, w } = simulateTo(format);
      const records: LogRecord[] = [];
      const syslogNames = Object.fromEntries(Object.entries(w.syslogMap));
      const summary = await readLog(format, path, (r) => records.push(r), { syslogNames });
      expect(summary.bad).toBe(0);
      const want = fromMetrics(o);
      // the situation has accepted, deferred and rejected attempts, and expiries
      const tot = [0, 1, 2, 3].map((i) => [...want.values()].reduce((s, c) => s + c[i]!, 0));
      expect(tot[1]).toBeGreaterThan(500);
      expect(tot[2]).toBeGreaterThan(100);
      expect(tot[3]).toBeGreaterThan(20);
      expect(w.attempts).toBe(o.run.metrics.totalAttempts);
      expect(sorted(fromRecords(records))).toEqual(sorted(want));
      expect(new Set(records.filter((r) => r.kind === 'deferred' || r.kind === 'delivered').map((r) => r.sender))).toEqual(
        new Set(['bounces@t.example.com']),
      );
      expect(o.summary.expired).toBeGreaterThan(50);
      expect(summary.byKind.expired).toBe(o.summary.expired);
      expect(
        Object.keys(summary.ips)
          .filter((ip) => ip !== '')
          .sort(),
      ).toEqual(['192.0.2.10', '192.0.2.11']);
    });

  it('maps recipients, providers, MX hosts, message ids, attempts and queue times', async () => {
    const { path } = simulateTo('kumomta');
    const records: LogRecord[] = [];
    await readLog('kumomta', path, (r) => records.push(r));
    const attempts = records.filter((r) => r.kind !== 'reception' && r.kind !== 'expired');
    for (const r of attempts.slice(0, 500)) {
      expect(r.recipient).toMatch(/^r\d+@[a-z0-9.-]+$/);
      expect(r.messageId).toMatch(/^1[0-9A-F]{7}$/);
      expect(r.attempt).toBeGreaterThanOrEqual(1);
      expect(r.time).toBeGreaterThanOrEqual(r.queuedAt);
      expect(r.queuedAt).toBeGreaterThanOrEqual(epoch);
    }
    const ms = attempts.find((r) => r.domain === 'hotmail.com')!;
    expect([ms.provider, ms.peerHost]).toEqual(['microsoft', 'hotmail-com.olc.protection.outlook.com']);
    expect(new Set(attempts.map((r) => r.provider))).toEqual(new Set(['microsoft', 'gmail', 'yahoo', 'corporate', 'm365']));
    const throttle = attempts.find((r) => r.enhanced === '4.7.650')!;
    expect([throttle.kind, throttle.command, throttle.cls]).toEqual(['deferred', 'MAIL FROM', 'throttle']);
    // a retried message: attempts 1, 2, ... in time order
    const byId = new Map<string, number[]>();
    for (const r of attempts) byId.set(r.messageId, [...(byId.get(r.messageId) ?? []), r.attempt]);
    const retried = [...byId.values()].find((v) => v.length >= 3)!;
    expect(retried).toEqual(retried.map((_, i) => i + 1));
  });

  it('postfix: classic timestamps read back with --year, the syslog map beside the log', async () => {
    const path = join(dir, 'classic.log');
    const w = new SimLogWriter(path, 'postfix', { postfixTimestamps: 'classic' });
    const o = runScenario(loaded, { onTrace: w.write, onStart: w.start });
    w.close();
    expect(readFileSync(path, 'utf8').slice(0, 3)).toBe('Dec');
    expect(w.syslogMap).toEqual({ 'postfix-ip1': '192.0.2.10', 'postfix-ip2': '192.0.2.11' });
    const records: LogRecord[] = [];
    await readLog('postfix', path, (r) => records.push(r), { year: 2026, syslogNames: w.syslogMap });
    expect(sorted(fromRecords(records))).toEqual(sorted(fromMetrics(o)));
  });

  it('MX hosts: Outlook.com per domain, Gmail and Yahoo by their MX set, others as the site names them', () => {
    expect(mxHostOf('olc.protection.outlook.com', 'live.co.uk')).toBe('live-co-uk.olc.protection.outlook.com');
    expect(mxHostOf('google.com', 'gmail.com')).toBe('gmail-smtp-in.l.google.com');
    expect(mxHostOf('yahoodns.net', 'aol.com')).toBe('mta5.am0.yahoodns.net');
    expect(mxHostOf('mx.corp001.example', 'corp001.example')).toBe('mx.corp001.example');
  });
});
