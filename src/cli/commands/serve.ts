/**
 * `warmup-sim serve SCENARIO`: live mode, an SMTP server on loopback whose answers come from the
 * scenario's receiver models on a compressed model clock, for testing a real MTA's real
 * configuration (src/live/). Not deterministic: it runs in real time against a real client; its
 * transcript replays deterministically (src/live/replay.ts).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { UsageError } from '../../run/usage-error.ts';
import { AddressMap, parseMap } from '../../live/address-map.ts';
import { isLoopback, parseListen, parseModelDuration, parseScale } from '../../live/options.ts';
import { parseScript } from '../../live/scripted.ts';
import { startLive } from '../../live/server.ts';
import { statusOf, statusTable } from '../../live/status.ts';
import { startStatus } from '../../live/status-server.ts';
import { transcriptFile } from '../../live/transcript.ts';
import { fblSender, parseFblTarget } from '../../live/fbl.ts';
import { checkOutDir, checkOutFile } from '../out-path.ts';
import { TranscriptLog, teeTranscript } from '../transcript-log.ts';
import { writeTranscriptReport } from '../log-report.ts';

interface Args {
  scenario: string;
  listen: string[];
  'time-scale': number;
  status: string | undefined;
  duration: string | undefined;
  transcript: string | undefined;
  keep: string | undefined;
  'allow-remote': boolean;
  map: string | undefined;
  script: string | undefined;
  'script-reply': string | undefined;
  'fbl-to': string | undefined;
  summary: string | undefined;
  out: string | undefined;
}

export const serveCommand: CommandModule<object, Args> = {
  command: 'serve <scenario>',
  describe: "live mode: an SMTP server on loopback answering as the scenario's receivers (not deterministic: real time, real client)",
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('listen', {
        type: 'string',
        array: true,
        default: ['127.0.0.1:2525'],
        describe: '[provider=]host:port to listen on (repeatable; provider default microsoft)',
      })
      .option('time-scale', {
        type: 'number',
        default: 1,
        describe: 'model seconds per wall second (1..3600; 3600 = a model hour per second)',
      })
      .option('status', { type: 'string', describe: 'host:port of the status page and /status.json' })
      .option('duration', { type: 'string', describe: 'stop after this much model time (e.g. 7d); default: until SIGINT/SIGTERM' })
      .option('transcript', { type: 'string', describe: 'write a JSONL transcript of every command, reply and model decision' })
      .option('keep', { type: 'string', describe: 'write accepted messages into this directory (default: count and discard)' })
      .option('allow-remote', { type: 'boolean', default: false, describe: 'allow non-loopback listen addresses' })
      .option('map', {
        type: 'string',
        describe: 'client addresses as scenario IPs: 127.0.0.2=192.0.2.10,... (default: order of first appearance)',
      })
      .option('script', {
        type: 'string',
        describe: 'scripted answers instead of the models: times=N[,key=sender|recipient] defers each message N times, then accepts',
      })
      .option('script-reply', {
        type: 'string',
        describe: 'the scripted deferral text (default: Outlook 451 4.7.650 S775; [IP] = scenario IP)',
      })
      .option('fbl-to', { type: 'string', describe: 'send ARF complaint copies (RFC 5965) to addr@host:port' })
      .option('summary', { type: 'string', describe: 'also write the end-of-run summary as JSON to this file' })
      .option('out', {
        type: 'string',
        describe: "at the end, write the simulator's report of the run into this directory (as report --from-transcript does)",
      })
      .example(
        '$0 serve scenarios/new-ips-engaged.yaml --time-scale 600 --status 127.0.0.1:8025 --transcript live.jsonl',
        'an Outlook-like MX on 127.0.0.1:2525, 10 model minutes per second',
      ),
  handler: async (a) => {
    const loaded = loadScenarioFile(a.scenario);
    let parsed;
    try {
      parsed = {
        listen: a.listen.map((l) => parseListen(l, a['allow-remote'])),
        status: a.status !== undefined ? parseListen(a.status, a['allow-remote'], '--status') : undefined,
        scale: parseScale(a['time-scale']),
        duration: a.duration !== undefined ? parseModelDuration(a.duration, '--duration') : undefined,
        map: [...listenAs(loaded.scenario.ips), ...(a.map !== undefined ? parseMap(a.map) : [])],
        script: a.script !== undefined ? parseScript(a.script, a['script-reply']) : undefined,
        fbl: a['fbl-to'] !== undefined ? parseFblTarget(a['fbl-to'], a['allow-remote']) : undefined,
      };
      void new AddressMap(
        loaded.scenario.ips.map((x) => x.address),
        parsed.map,
      ); // checks the pairs
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (parsed.status !== undefined && !a['allow-remote'] && !isLoopback(parsed.status.host))
      throw new UsageError('--status must be loopback');
    if (a.out !== undefined) checkOutDir('--out', a.out);
    if (a.transcript !== undefined) checkOutFile('--transcript', a.transcript);
    if (a.summary !== undefined) checkOutFile('--summary', a.summary);
    const fbl = parsed.fbl !== undefined ? fblSender(parsed.fbl) : undefined;
    const log = a.out !== undefined ? new TranscriptLog(loaded.scenario, parsed.map) : undefined;
    const transcript = teeTranscript(a.transcript !== undefined ? transcriptFile(a.transcript) : undefined, log);
    const live = await startLive({
      scenario: loaded.scenario,
      scenarioFile: a.scenario,
      scenarioText: readFileSync(a.scenario, 'utf8'),
      listen: parsed.listen,
      scale: parsed.scale,
      map: parsed.map,
      script: parsed.script,
      keepDir: a.keep,
      ...(transcript !== undefined ? { transcript } : {}),
      ...(parsed.duration !== undefined ? { modelDuration: parsed.duration } : {}),
      ...(fbl !== undefined ? { onComplaintCopy: fbl.send } : {}),
    }).catch((e: Error) => {
      throw new UsageError(`cannot listen: ${e.message}`);
    });
    const status = parsed.status !== undefined ? await startStatus(live, parsed.status.host, parsed.status.port) : undefined;
    for (const b of live.bound) process.stderr.write(`listening as ${b.provider} on ${b.host}:${b.port} (x${parsed.scale} model time)\n`);
    if (status !== undefined) process.stderr.write(`status page http://${parsed.status!.host}:${status.port}/\n`);
    let stop = (): void => {};
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // a timer can fire up to a millisecond early against the live clock (an hour of model time
      // at x3600 is one wall second): re-arm until the model clock has reached --duration
      const until = parsed.duration;
      if (until === undefined) return;
      const arm = (): void => {
        if (live.clock.now() >= until) stop();
        else timer = setTimeout(arm, Math.max(1, live.clock.wallMsUntil(until)));
      };
      arm();
    });
    clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    const st = statusOf(live);
    await live.close();
    await status?.close();
    await fbl?.close();
    process.stdout.write(`${statusTable(st)}\n`);
    if (a.summary !== undefined) {
      writeFileSync(`${a.summary}.partial`, `${JSON.stringify({ ...st, counts: live.model.counts.table() }, null, 2)}\n`);
      renameSync(`${a.summary}.partial`, a.summary);
    }
    if (log !== undefined) {
      await writeTranscriptReport(log, a.out!, {
        png: true,
        label: `live: ${loaded.scenario.name}`,
        source: a.transcript ?? 'the live run',
      });
      process.stdout.write(`report: ${a.out}/index.html\n`);
    }
  },
};

/** `ips[].listen_as` of a scenario: loopback source address -> scenario IP. */
function listenAs(ips: readonly { readonly address: string; readonly listenAs?: string }[]): [string, string][] {
  return ips.flatMap((ip) => (ip.listenAs !== undefined ? [[ip.listenAs, ip.address] as [string, string]] : []));
}
