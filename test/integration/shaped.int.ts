/**
 * Stock Postfix against the reputation model versus a sender shaped by the seed playbook, at the
 * same offered volume (3,000 messages to Outlook.com from one new IP) and the same model time
 * (120 s wall at 60x = 2 model hours). Postfix does not slow down on 451 4.7.650, so the IP's
 * heat reaches the block threshold (550 5.7.1 S3150); the shaped sender (2 connections, 20/h, a
 * 30-minute pause on 4.7.650) sees fewer deferrals and no block.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startLive, type LiveServer } from '../../src/live/server.ts';
import { LIVE_FIXTURE, liveScenario } from '../support/live.ts';
import { freePort, inject, startPostfix, type PostfixInstance } from './postfix-support.ts';
import { runShaped } from './shaped-client.ts';

const SCALE = 60;
const WALL_MS = 120_000;
const messages = Array.from({ length: 3000 }, (_, i) => ({ from: `news${i}@news.example.com`, to: `member${i}@hotmail.com` }));
let postfix: PostfixInstance | undefined;
let live: LiveServer | undefined;
afterEach(async () => {
  postfix?.stop();
  await live?.close();
  postfix = live = undefined;
});

const serve = () =>
  startLive({
    scenario: liveScenario(),
    scenarioFile: LIVE_FIXTURE,
    scenarioText: readFileSync(LIVE_FIXTURE, 'utf8'),
    listen: [{ provider: 'microsoft', host: '127.0.0.1', port: 0 }],
    scale: SCALE,
  });

describe('shaped sender versus stock Postfix, same offered volume', () => {
  let stock: { attempts: number; deferred: number; blocked: number } | undefined;

  it('stock Postfix keeps retrying through 4.7.650 and gets the IP blocked (S3150)', async () => {
    live = await serve();
    postfix = startPostfix(live.bound[0]!.port, await freePort(), '127.0.0.2', ['10s', '60s', '10s']);
    const t0 = Date.now();
    const lanes = 4; // Postfix's smtpd takes the volume faster over parallel connections
    await Promise.all(
      Array.from({ length: lanes }, (_, k) =>
        inject(
          postfix!.injectPort,
          messages.filter((_, i) => i % lanes === k),
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, WALL_MS - (Date.now() - t0))));
    const t = live.model.counts.perIp[0]!;
    stock = { attempts: t.attempts, deferred: t.deferred, blocked: t.blocked };
    process.stdout.write(`stock postfix: ${JSON.stringify(stock)}\n`);
    expect(postfix.log()).toMatch(/S3150/);
    expect(t.blocked).toBeGreaterThan(0);
    expect((t.deferred + t.blocked) / t.attempts).toBeGreaterThan(0.9); // 4.7.650 first, then S3150
  }, 200_000);

  it('the seed-playbook sender: fewer deferrals, no block', async () => {
    live = await serve();
    const r = await runShaped({ port: live.bound[0]!.port, localAddress: '127.0.0.2', messages, scale: SCALE, wallMs: WALL_MS });
    process.stdout.write(`shaped sender: ${JSON.stringify(r)}\n`);
    expect(r.blocked).toBe(0);
    expect(r.accepted).toBeGreaterThanOrEqual(30); // 20/h for 2 model hours, and nothing deferred to pause for
    expect(live.model.counts.perIp[0]!.blocked).toBe(0);
    expect(r.deferred).toBeLessThan(stock?.deferred ?? Infinity);
    expect(r.deferred / r.attempts).toBeLessThan(0.15);
  }, 200_000);
});
