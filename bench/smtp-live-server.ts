/** Child process of bench/smtp-live.ts: a live server on 127.0.0.1:0 (full model); prints its port, runs until killed. */
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../src/scenario/load.ts';
import { startLive } from '../src/live/server.ts';
import { NO_TRANSCRIPT, transcriptFile } from '../src/live/transcript.ts';
import { parseScript } from '../src/live/scripted.ts';

const file = process.argv[2] ?? 'bench/fixtures/live-bench.yaml';
const text = readFileSync(file, 'utf8');
const live = await startLive({
  scenario: loadScenarioText(text, file).scenario,
  scenarioFile: file,
  scenarioText: text,
  scale: 1,
  listen: [{ provider: 'microsoft', host: '127.0.0.1', port: 0 }],
  ...(process.env.BENCH_SCRIPT ? { script: parseScript('times=0') } : {}),
  transcript: process.argv[3] ? transcriptFile(process.argv[3]) : NO_TRANSCRIPT,
});
process.stdout.write(`${live.bound[0]!.port}\n`);
process.on('SIGTERM', () => {
  const t = live.model.counts.perIp[0]!;
  process.stderr.write(`${JSON.stringify({ attempts: t.attempts, accepted: t.accepted, deferred: t.deferred })}\n`);
  void live.close().then(() => process.exit(0));
});
