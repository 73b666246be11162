/**
 * Live-mode SMTP benchmark: sustained transactions per second (MAIL, RCPT, DATA, message, 250) with
 * 100 concurrent client connections on loopback, each reusing its connection, side by side in one
 * run with Postfix's smtp-sink (Debian's postfix package), the ceiling of a stateless sink. The
 * live server runs the full model (bench/fixtures/live-bench.yaml: Outlook's receiver with its
 * floor raised so it accepts, as the sink does) in a child process, like the sink, so the load
 * generator has its own core. Also: p50/p99 latency of the reply to the message (". " -> 250).
 *
 *   npx tsx bench/smtp-live.ts [--seconds 10] [--clients 100] [--rounds 3] [--json]
 *
 * The four servers run in turn, --rounds times; each figure is the server's median round (the load
 * generator shares the machine's cores with the server, so single windows swing by about 20 %).
 *
 * Also measured in the same run: smtp-server alone (no model) and live mode with scripted answers,
 * which separate the library's cost from the model's.
 * Target: live >= 0.5 x smtp-sink's transactions/s. Results: bench/results/smtp-live.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { machineInfo } from './machine.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 10);
const CLIENTS = arg('clients', 100);
const ROUNDS = arg('rounds', 3);
const BODY = `From: <news@news.example.com>\r\nTo: <r@hotmail.com>\r\nSubject: bench\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(1) + '.\r\n';

interface Load {
  transactions: number;
  accepted: number;
  errors: number;
  latenciesMs: number[];
}

/** One client connection: EHLO, then transactions until `stopAt`. */
function client(port: number, id: number, stopAt: number, load: Load): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    s.setNoDelay(true);
    s.setEncoding('latin1');
    let buf = '';
    let step = -1; // -1 greeting, 0 EHLO, 1 MAIL, 2 RCPT, 3 DATA, 4 body
    let n = 0;
    let sentAt = 0;
    const send = (line: string) => s.write(line);
    const next = () => {
      if (performance.now() >= stopAt) {
        s.end('QUIT\r\n');
        return;
      }
      step = 1;
      send(`MAIL FROM:<c${id}@news.example.com>\r\n`);
    };
    s.on('data', (d: string) => {
      buf += d;
      for (;;) {
        const m = /^(?:\d{3}-[^\n]*\n)*(\d{3})(?: [^\n]*)?\n/.exec(buf);
        if (!m) return;
        buf = buf.slice(m[0].length);
        const code = m[1]!;
        if (step === -1) {
          step = 0;
          send('EHLO bench.invalid\r\n');
        } else if (step === 0) next();
        else if (step === 1) {
          if (code !== '250') {
            load.transactions++;
            next();
          } else {
            step = 2;
            send(`RCPT TO:<r${id}x${n++}@hotmail.com>\r\n`);
          }
        } else if (step === 2) {
          if (code !== '250') {
            load.transactions++;
            step = 5;
            send('RSET\r\n');
          } else {
            step = 3;
            send('DATA\r\n');
          }
        } else if (step === 3) {
          step = 4;
          sentAt = performance.now();
          send(BODY);
        } else if (step === 4) {
          load.latenciesMs.push(performance.now() - sentAt);
          load.transactions++;
          if (code === '250') load.accepted++;
          next();
        } else if (step === 5) next();
      }
    });
    s.on('error', () => {
      if (performance.now() < stopAt) load.errors++;
    });
    s.on('close', () => resolve());
  });
}

async function drive(port: number): Promise<Load & { seconds: number }> {
  const load: Load = { transactions: 0, accepted: 0, errors: 0, latenciesMs: [] };
  const t0 = performance.now();
  const stopAt = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(port, i, stopAt, load)));
  return { ...load, seconds: (performance.now() - t0) / 1000 };
}

function waitPort(child: ChildProcess, fromStdout: boolean, fixed?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!fromStdout) return setTimeout(() => resolve(fixed!), 800);
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 100) / 100;
}

async function measure(name: string, start: () => Promise<{ port: number; child: ChildProcess }>) {
  const { port, child } = await start();
  const r = await drive(port);
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
  return {
    server: name,
    transactions: r.transactions,
    accepted: r.accepted,
    errors: r.errors,
    seconds: Math.round(r.seconds * 100) / 100,
    transactionsPerSecond: Math.round(r.transactions / r.seconds),
    replyLatencyMs: { p50: pct(r.latenciesMs, 50), p99: pct(r.latenciesMs, 99) },
  };
}

const sinkPort = 20000 + (process.pid % 20000);
const sink = () =>
  measure('smtp-sink', async () => {
    const child = spawn('smtp-sink', ['-u', 'nobody', '-m', '1000', `127.0.0.1:${sinkPort}`, '1000'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { child, port: await waitPort(child, false, sinkPort) };
  });
const node =
  (name: string, script: string, env: Record<string, string> = {}) =>
  () =>
    measure(name, async () => {
      const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
      const child = spawn(process.execPath, [...prof, '--import', 'tsx', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...env },
      });
      return { child, port: await waitPort(child, true) };
    });
const servers = [
  sink,
  node('smtp-server alone (no model)', 'bench/smtp-bare-server.ts'),
  node('live, scripted answers', 'bench/smtp-live-server.ts', { BENCH_SCRIPT: '1' }),
  node('live, full model', 'bench/smtp-live-server.ts'),
];
// the four servers in turn, ROUNDS times: the load generator shares this machine's cores with the
// server under test, so one 10 s window swings by 20 %; each server's figure is its median round
type Measured = Awaited<ReturnType<typeof measure>>;
const rounds: Measured[][] = [];
for (let r = 0; r < ROUNDS; r++) {
  const round: Measured[] = [];
  for (const start of servers) round.push(await start());
  rounds.push(round);
  if (ROUNDS > 1) process.stderr.write(`round ${r + 1}/${ROUNDS}: ${round.map((m) => m.transactionsPerSecond).join(' / ')} tx/s\n`);
}
const median = (i: number): Measured => {
  const xs = rounds.map((round) => round[i]!).sort((a, b) => a.transactionsPerSecond - b.transactionsPerSecond);
  return xs[Math.floor(xs.length / 2)]!;
};
const [sinkM, bare, scripted, live] = [median(0), median(1), median(2), median(3)];
const perRound = rounds.map((round) => Math.round((round[3]!.transactionsPerSecond / round[0]!.transactionsPerSecond) * 100) / 100);
const result = {
  benchmark: 'smtp-live',
  machine: machineInfo(),
  clients: CLIENTS,
  secondsPerServer: SECONDS,
  rounds: ROUNDS,
  results: [sinkM, bare, scripted, live],
  ratio: Math.round((live.transactionsPerSecond / sinkM.transactionsPerSecond) * 100) / 100,
  ratioPerRound: perRound,
  ratioBareLibrary: Math.round((bare.transactionsPerSecond / sinkM.transactionsPerSecond) * 100) / 100,
  target: { ratio: 0.5 },
};
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  for (const r of result.results)
    process.stdout.write(
      `${r.server.padEnd(30)} ${String(r.transactionsPerSecond).padStart(7)} tx/s  p50 ${r.replyLatencyMs.p50} ms  p99 ${r.replyLatencyMs.p99} ms  (${r.accepted}/${r.transactions} accepted, ${r.errors} errors)\n`,
    );
  process.stdout.write(
    `ratio live (full model) / smtp-sink, medians: ${result.ratio} (target >= 0.5; per round ${perRound.join(', ')}); smtp-server alone / smtp-sink: ${result.ratioBareLibrary}\n`,
  );
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/smtp-live.json', `${JSON.stringify(result, null, 2)}\n`);
