/**
 * Real Postfix (Debian's package, a private loopback-only instance) against live mode, with
 * the scripted answerer "defer each message 5 times with Outlook's 451 4.7.650, then accept".
 * Asserts what real Postfix does against Outlook: each message retried on its own age-based
 * backoff (intervals ~ clamp(age, minimal_backoff_time, maximal_backoff_time), rounded up to the
 * next queue scan), retries bunched at queue scans, no slow-down on 4.7.650; and that a 421 at the
 * greeting suspends the destination. The measured trace is written to test/fixtures/postfix-trace.json
 * when RECORD_POSTFIX_TRACE=1 (the lead's offline postfix-policy test compares against it).
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startLive, type LiveServer } from '../../src/live/server.ts';
import { parseScript } from '../../src/live/scripted.ts';
import { transcriptMemory, type TranscriptRecord } from '../../src/live/transcript.ts';
import { liveScenario } from '../support/live.ts';
import { beforeNextScan, freePort, inject, postfixVersion, startPostfix, traceOf, type PostfixInstance } from './postfix-support.ts';

const TIMERS: [string, string, string] = ['10s', '60s', '10s'];
let postfix: PostfixInstance | undefined;
let live: LiveServer | undefined;
afterEach(async () => {
  postfix?.stop();
  await live?.close();
  postfix = live = undefined;
});

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
  return cond();
}

describe('real Postfix against live mode', () => {
  it('4.7.650 five times per message: age-based backoff, retries at queue scans, no slow-down', async () => {
    const records: TranscriptRecord[] = [];
    live = await startLive({
      scenario: liveScenario(),
      listen: [{ provider: 'microsoft', host: '127.0.0.1', port: 0 }],
      scale: 1,
      script: parseScript('times=5,key=sender'),
      transcript: transcriptMemory(records),
    });
    postfix = startPostfix(live.bound[0]!.port, await freePort(), '127.0.0.2', TIMERS);
    const messages = Array.from({ length: 20 }, (_, i) => ({ from: `sender${i}@news.example.com`, to: `user${i}@hotmail.com` }));
    // first attempts just after a deferred-queue scan, as in the reference run (the scan phase
    // decides whether a retry that is due after 10 s waits for the scan 0 or 10 s later)
    await beforeNextScan(postfix.dir, 10_000, 9_900);
    await inject(postfix.injectPort, messages);
    const accepted = () => records.filter((r) => r.ev === 'data' && r.reply?.startsWith('250')).length;
    expect(await until(() => accepted() === 20, 260_000)).toBe(true);
    const log = postfix.log();
    expect(log).not.toMatch(/fatal|panic/);
    expect(log.match(/dsn=4\.7\.650, status=deferred/g)?.length).toBe(100);
    expect(log).not.toMatch(/dsn=4\.3\.0/);
    expect(log.match(/status=sent/g)?.length).toBe(20);

    const trace = traceOf(records);
    for (const m of messages) {
      const t = trace.attempts[m.from]!;
      expect(t.length).toBe(6);
      const first = t[0]!;
      for (let k = 1; k < t.length; k++) {
        const age = t[k - 1]! - first;
        const backoff = Math.min(60, Math.max(10, age));
        const gap = t[k]! - t[k - 1]!;
        expect(gap).toBeGreaterThanOrEqual(backoff - 1.5);
        expect(gap).toBeLessThanOrEqual(backoff + 10 + 1.5); // waits for the next queue scan at most
      }
    }
    // every burst retries all the messages due then: 6 rounds of 20, never trickling one by one
    expect(trace.bursts.length).toBeLessThanOrEqual(12);
    expect(trace.bursts.filter((b) => b.attempts >= 10).length).toBeGreaterThanOrEqual(4);
    // no slow-down: concurrency does not collapse on 4.7.650 (sessions past EHLO count as successes)
    const peaks = trace.bursts.filter((b) => b.attempts >= 10).map((b) => b.peakConnections);
    expect(Math.min(...peaks)).toBeGreaterThanOrEqual(5);
    if (process.env.RECORD_POSTFIX_TRACE === '1') {
      const fixture = {
        postfix: postfixVersion(),
        timers: { minimal_backoff_time: TIMERS[0], maximal_backoff_time: TIMERS[1], queue_run_delay: TIMERS[2] },
        script: 'each message deferred 5 times at MAIL FROM with 451 4.7.650 (S775), then accepted',
        messages: messages.length,
        attempts: messages.map((m) => ({ message: m.from, times: trace.attempts[m.from] })),
        bursts: trace.bursts,
      };
      writeFileSync('test/fixtures/postfix-trace.json', `${JSON.stringify(fixture, null, 2)}\n`);
    }
  }, 300_000);

  it('a 421 at the greeting suspends the destination: queued messages wait without new connections', async () => {
    const records: TranscriptRecord[] = [];
    live = await startLive({
      scenario: liveScenario(),
      listen: [{ provider: 'microsoft', host: '127.0.0.1', port: 0 }],
      scale: 1,
      script: parseScript('times=0,refuse=1000'),
      transcript: transcriptMemory(records),
    });
    postfix = startPostfix(live.bound[0]!.port, await freePort(), '127.0.0.2', TIMERS);
    await inject(
      postfix.injectPort,
      Array.from({ length: 20 }, (_, i) => ({ from: `s${i}@news.example.com`, to: `u${i}@outlook.com` })),
    );
    await until(() => /delivery temporarily suspended/.test(postfix!.log()), 30_000);
    await new Promise((r) => setTimeout(r, 5000));
    const log = postfix.log();
    expect(log).toMatch(/delivery temporarily suspended: host 127\.0\.0\.1\[127\.0\.0\.1\] refused to talk to me: 421 4\.3\.2/);
    // 20 messages deferred, but only a first cohort of connections was tried before the suspension
    const connects = records.filter((r) => r.ev === 'connect').length;
    expect(connects).toBeGreaterThanOrEqual(1);
    expect(connects).toBeLessThan(20);
    expect(log.match(/status=deferred/g)?.length).toBe(20);
  }, 120_000);
});
