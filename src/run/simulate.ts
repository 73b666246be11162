/**
 * One run: a scenario, one policy, one seed. Wires the engine, topology, audience, receivers,
 * MTA, injector and metrics together, runs to the scenario's end and returns everything a
 * report or a test reads. Deterministic: the same scenario, policy and seed give the same run.
 */
import { Simulation } from '../engine/simulation.ts';
import { RandomStreams } from '../engine/random.ts';
import { seed32 } from '../engine/hash.ts';
import { Audience } from '../audience/audience.ts';
import { Reactions } from '../audience/reactions.ts';
import { Topology } from '../spec/topology.ts';
import { Mta, type MtaDeps } from '../mail/mta.ts';
import { Injector } from '../mail/injector.ts';
import { ObservationRouter } from '../mail/observation-router.ts';
import { RunMetrics } from '../metrics/run-metrics.ts';
import { ReplyTable } from '../smtp/reply.ts';
import type { Receiver, ReceiverFactory } from '../contracts/receiver.ts';
import type { Policy } from '../contracts/policy.ts';
import type { Scenario } from '../spec/scenario.ts';
import { PROVIDERS } from '../providers/registry.ts';

export interface SimulateOptions {
  readonly scenario: Scenario;
  readonly policy: Policy;
  readonly receivers: ReceiverFactory;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Record transaction starts and throttle changes (contract tests). */
  readonly audit?: boolean;
  /** Called after every attempt (tests). */
  readonly onAttempt?: MtaDeps['onAttempt'];
  /** Called after every attempt with the MTA's decision, and for refused connections (`run --trace`). */
  readonly onTrace?: MtaDeps['onTrace'];
  /** Called once the run is wired, before any event (traces that need the run's topology). */
  readonly onStart?: (run: RunState) => void;
  /** Called at the end of every simulated hour (after the MTA's own hourly work); may end the run early with `run.sim.stop()`. */
  readonly onHour?: (hour: number, run: RunState) => void;
}

export interface RunState {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly sim: Simulation;
  readonly topo: Topology;
  readonly audience: Audience;
  readonly receivers: readonly Receiver[];
  readonly mta: Mta;
  readonly metrics: RunMetrics;
  readonly reactions: Reactions;
  readonly replies: ReplyTable;
}

/** injected = delivered + bounced + expired + still queued; returns the difference (0 when it holds). */
export function conservationGap(run: RunState): number {
  const m = run.metrics;
  return m.totalInjected - (m.totalDelivered + m.totalBounced + m.totalExpired + run.mta.messages.live);
}

export function simulate(o: SimulateOptions): RunState {
  // a policy may key its queues differently (Postfix: by recipient domain)
  const scenario =
    o.policy.grouping !== undefined && o.policy.grouping !== o.scenario.mta.grouping
      ? { ...o.scenario, mta: { ...o.scenario.mta, grouping: o.policy.grouping } }
      : o.scenario;
  const seed = o.seed ?? scenario.seed;
  const sim = new Simulation({ initialCapacity: 4096 });
  const topo = new Topology(scenario, PROVIDERS);
  // expected-value mode: a provider whose receiver runs `mode: expected` (or is scripted) gets its
  // recipients' reactions by error diffusion; when every provider does, nothing in the run is drawn
  // from the seed (streams and audience from seed 0), so expected-value runs repeat whatever the seed
  const expected = topo.providers.map((p) => scenario.receivers[p]?.['mode'] === 'expected' || scenario.scripts[p] !== undefined);
  const drawSeed = expected.every((e, p) => e || !((scenario.audience.providers[topo.providers[p]!] ?? 0) > 0)) ? 0 : seed;
  const random = new RandomStreams(drawSeed);
  const replies = new ReplyTable();
  const audience = new Audience(scenario.audience, topo, random.get('audience/build'));
  const receivers = o.receivers({ scenario, topo, replies, seed: seed32(drawSeed) });
  const metrics = new RunMetrics(scenario.duration, topo.providers.length, topo.ips.length, scenario.streams.length);
  const observations = new ObservationRouter(receivers, o.policy);
  const reactions = new Reactions(
    sim,
    audience,
    observations,
    seed32(`${drawSeed}/reactions`),
    {
      providers: topo.providers.length,
      ips: topo.ips.length,
      domains: topo.domains.length,
    },
    expected,
  );
  const mta = new Mta({
    sim,
    topo,
    audience,
    streams: scenario.streams,
    receivers,
    policy: o.policy,
    metrics,
    random,
    spec: scenario.mta,
    reactions,
    observations,
    audit: o.audit === true,
    onAttempt: o.onAttempt,
    onTrace: o.onTrace,
  });
  const injector = new Injector(sim, scenario.streams, audience, mta, o.policy, metrics, random, topo.providers.length, scenario.duration);
  const run: RunState = { scenario, seed, sim, topo, audience, receivers, mta, metrics, reactions, replies };

  o.onStart?.(run);
  o.policy.setup(mta.control);
  injector.start();
  /** End of hour `hour` (now = (hour + 1) * 3600): queue snapshot, then receivers, daily reports and policy (the router). */
  const endOfHour = (hour: number) => {
    for (let p = 0; p < topo.providers.length; p++)
      metrics.queued[Math.min(hour, metrics.hours - 1) * topo.providers.length + p] = mta.queuedByProvider[p]!;
    observations.hourEnd(hour, sim.now);
    o.onHour?.(hour, run);
  };
  const timer = sim.every(3600, endOfHour, 3600);
  sim.run({ until: scenario.duration });
  // the last hour ends exactly at the duration, where run() stops: close it by hand (unless an
  // onHour handler stopped the run early, at an earlier hour's end, which is closed already)
  timer.cancel();
  if (scenario.duration % 3600 === 0 && sim.now >= scenario.duration) endOfHour(scenario.duration / 3600 - 1);
  mta.closeRun(sim.now);
  return run;
}
