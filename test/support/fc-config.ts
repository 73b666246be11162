/**
 * fast-check settings shared by every property test. The seed comes from FC_SEED when set
 * (to replay a failure), else from the run's start; it is printed once so a failing CI log says
 * how to replay: `FC_SEED=<seed> npm test`. fast-check's own failure message adds the
 * counterexample path (replay with FC_SEED and FC_PATH).
 */
import fc from 'fast-check';

// wall-clock-ok: only picks a fresh seed for property tests; printed and replayable via FC_SEED
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Date.now() % 2_147_483_647;
const path = process.env.FC_PATH;
let announced = false;

/** Parameters for `fc.assert`: the shared seed (and replay path), with a run count. */
export function fcParams<T>(numRuns: number): fc.Parameters<T> {
  if (!announced) {
    announced = true;
    console.log(`[fast-check] seed ${seed} (replay with FC_SEED=${seed} npm test)`);
  }
  const p: fc.Parameters<T> = { seed, numRuns };
  if (path !== undefined) p.path = path;
  return p;
}
