/**
 * dependency-cruiser rules: the layers of src/ (bottom to top), each rule with its reason.
 * Run: `npm run lint:deps` (it preloads tools/typescript6.cjs so the `tsc` parser gets TypeScript 6.0.3).
 * Rule syntax: dependency-cruiser's rules reference (forbidden rules: from / to, path / pathNot,
 * dependencyTypes, circular, orphan, couldNotResolve). Paths are relative to the directory it runs in.
 *
 * Layers, bottom to top:
 *   engine smtp spec contracts | audience metrics receivers logs | policies | providers | check | insight | mail | scenario | run live testing | report | api | cli
 * (check, the expectations of scenario files, logs, the MTA log readers and writers, and insight, the
 * answers from a sender's logs, are not in the architecture issue's list: they are placed where their
 * imports put them.)
 * A module in layer L may import its own layer and the layers listed in L's `may`; anything else in src/
 * is a violation of the rule `layer-L`. Two arrows also have rules of their own, so that a violation
 * names them: policies -> receivers and receivers -> policies. Nothing imports cli; report takes only
 * types from run.
 */
'use strict';
const { join } = require('node:path');

const BOTTOM = ['engine', 'smtp', 'spec', 'contracts'];

/** Each layer: the other layers it may import, and why. Order: bottom to top. */
const LAYERS = {
  engine: { may: [], why: 'the engine (event queue, random streams, hash) is the base; it knows nothing of mail' },
  smtp: { may: ['engine'], why: 'SMTP replies and their classes are protocol facts; they may use the engine hash only' },
  spec: { may: ['engine', 'smtp'], why: 'normalised scenario types and units describe a run; they sit below every model' },
  contracts: {
    may: ['engine', 'smtp', 'spec'],
    why: 'the interfaces between receivers, policies and the MTA; they must not depend on any implementation',
  },
  audience: { may: BOTTOM, why: 'the audience model sees only the contracts, not the receivers, metrics or MTA' },
  metrics: { may: BOTTOM, why: 'metrics count what happened; they must not depend on who made it happen' },
  logs: {
    may: BOTTOM,
    why: 'MTA log readers and writers parse and print SMTP replies, and write line files atomically; insight, run and the CLI use them',
  },
  receivers: {
    may: [...BOTTOM, 'metrics'],
    why: 'a receiver models a mailbox provider behind the Receiver contract; it may record metrics, nothing more',
  },
  policies: {
    may: [...BOTTOM, 'metrics'],
    why: 'an MTA policy sees only what a real MTA sees (replies, its own counters), never the hidden receiver state',
  },
  providers: {
    may: [...BOTTOM, 'receivers', 'metrics'],
    why: 'a provider plug-in bundles one mailbox provider (its receiver model); it does not choose policies',
  },
  check: {
    may: [...BOTTOM, 'metrics', 'providers'],
    why: "expectations (a scenario file's expect: list) read run summaries and provider names; scenario files embed them",
  },
  insight: {
    may: [...BOTTOM, 'metrics', 'logs', 'receivers'],
    why: "answers from a sender's logs (report input, diagnosis, evidence pack, calibration) read records and run the receiver model, never the MTA",
  },
  mail: {
    may: [...BOTTOM, 'audience', 'metrics'],
    why: 'the MTA drives receivers and policies through the contracts only, so any pair can be plugged in',
  },
  scenario: {
    may: [...BOTTOM, 'policies', 'providers', 'metrics', 'check'],
    why: 'scenario files name policies and providers and validate their parameters; they do not run anything',
  },
  run: {
    may: [...BOTTOM, 'audience', 'metrics', 'receivers', 'logs', 'policies', 'providers', 'check', 'mail', 'scenario'],
    why: 'run wires a scenario into a simulation (and writes its attempt trace as a line file); it is below the report and the CLI',
  },
  live: {
    may: [...BOTTOM, 'audience', 'metrics', 'providers', 'scenario'],
    why: 'live mode answers real SMTP with the receiver models of a loaded scenario; only the CLI starts it',
  },
  report: {
    may: [...BOTTOM, 'metrics'],
    why: 'reports render results; they take only result types from run (rule report-run-types-only)',
  },
  testing: {
    may: [...BOTTOM, 'audience', 'metrics', 'receivers', 'policies', 'providers', 'check', 'mail', 'scenario', 'run'],
    why: 'warmup-sim/testing runs the policy contract suite on generated scenarios; nothing in the simulator depends on it',
  },
  api: {
    may: [...BOTTOM, 'audience', 'metrics', 'receivers', 'policies', 'providers', 'check', 'mail', 'scenario', 'run', 'report', 'logs'],
    why: 'the library API (src/index.ts) wraps the layers below into plain-data functions; only the package entry and the CLI use it',
  },
  cli: { may: null, why: 'the CLI is the top: it may import any layer' },
};
const NAMES = Object.keys(LAYERS);

/** Arrows with a rule of their own (reported under that name, not under the generic layer rule). */
const ARROWS = [
  {
    name: 'policies-not-receivers',
    from: 'policies',
    to: 'receivers',
    why: 'a policy must not read the hidden receiver state: it reacts to SMTP replies as a real MTA does',
  },
  {
    name: 'receivers-not-policies',
    from: 'receivers',
    to: 'policies',
    why: 'a receiver must not know which MTA policy is sending: providers judge traffic, not configuration',
  },
];

const any = (names) => `^src/(${names.join('|')})/`;

/** Targets that another rule reports, left out of a layer's generic rule so that each violation is reported once. */
function reportedElsewhere(layer) {
  return ['cli', ...ARROWS.filter((a) => a.from === layer).map((a) => a.to), ...(layer === 'report' ? ['run'] : [])];
}

const layerRules = NAMES.filter((n) => LAYERS[n].may !== null).map((n) => ({
  name: `layer-${n}`,
  comment: `${n} may import only ${[n, ...LAYERS[n].may].join(', ')}: ${LAYERS[n].why}`,
  severity: 'error',
  from: { path: `^src/${n}/` },
  to: { path: '^src/', pathNot: any([n, ...LAYERS[n].may, ...reportedElsewhere(n)]) },
}));

const arrowRules = ARROWS.map((a) => ({
  name: a.name,
  comment: `${a.from} -> ${a.to} is forbidden: ${a.why}`,
  severity: 'error',
  from: { path: `^src/${a.from}/` },
  to: { path: `^src/${a.to}/` },
}));

const ENTRY_POINTS = ['^src/index\\.ts$', '^src/testing/index\\.ts$', '^src/cli/entry\\.ts$', '^src/run/worker[^/]*\\.(ts|mjs)$'];

const rules = [
  ...layerRules,
  ...arrowRules,
  {
    name: 'report-run-types-only',
    comment: 'report may take types from run (import type), never run code: rendering must not start simulations',
    severity: 'error',
    from: { path: '^src/report/' },
    to: { path: '^src/run/', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'nothing-imports-cli',
    comment: 'the CLI is the top layer: library code and the public API must work without it',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/cli/' },
    to: { path: '^src/cli/' },
  },
  {
    name: 'known-folders-only',
    comment: `every module of src/ lives in a layer folder (${NAMES.join(', ')}) or is src/index.ts, so the layer rules see it`,
    severity: 'error',
    from: { path: '^src/', pathNot: [`${any(NAMES)}`, '^src/index\\.ts$'] },
    to: {},
  },
  {
    name: 'src-not-test-or-bench',
    comment: 'the package ships src/ and dist/ only; test/ and bench/ are not installed with it',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^(test|bench)/' },
  },
  {
    name: 'src-not-outside-package',
    comment: 'src/ imports only src/, installed packages and Node built-ins: anything else is missing after npm install',
    severity: 'error',
    from: { path: '^src/' },
    to: { pathNot: '^(src|node_modules|test|bench)/', dependencyTypesNot: ['core'], couldNotResolve: false },
  },
  {
    name: 'no-unresolvable',
    comment: 'an import that does not resolve fails at run time (or is a typo in a path)',
    severity: 'error',
    from: { path: '^src/' },
    to: { couldNotResolve: true },
  },
  {
    name: 'no-undeclared-packages',
    comment: 'a package imported by src/ must be listed in package.json dependencies, or npm ci will not install it',
    severity: 'error',
    from: { path: '^src/' },
    to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
  },
  {
    name: 'no-dev-packages-in-src',
    comment: 'devDependencies are not installed for users: src/ may take only types (import type) from them',
    severity: 'error',
    from: { path: '^src/' },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'no-circular',
    comment: 'circular imports make the load order matter and hide layering mistakes; modules form a DAG',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
  {
    name: 'no-orphans',
    comment: 'a module that nothing imports (and that is not an entry point) is dead code or a forgotten wiring',
    severity: 'error',
    from: { orphan: true, path: '^src/', pathNot: [...ENTRY_POINTS, '\\.d\\.ts$'] },
    to: {},
  },
];

module.exports = {
  forbidden: rules,
  options: {
    // TypeScript's own parser (6.0.3, see tools/typescript6.cjs): it sees `import type`, so the
    // type-only exceptions above can be checked; swc and acorn do not mark type-only imports.
    parser: 'tsc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: join(__dirname, 'tsconfig.json') },
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
