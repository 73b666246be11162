/**
 * Counter-based randomness: a uniform number from a hash of integer keys, with no state.
 * Used where a draw must not depend on the order of unrelated events: a receiver's deferral
 * draw keyed by (seed, receiver, IP, attempt number), an audience reaction keyed by
 * (seed, message tag, purpose). Two policies compared on one seed then see the same recipient
 * react the same way (common random numbers).
 *
 * The mixer is MurmurHash3's 32-bit finaliser (fmix32) applied after each key word, which passes
 * the avalanche test; 32 bits of output are enough for event probabilities in a simulation.
 */

/** MurmurHash3 fmix32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to four 32-bit keys (non-integers are truncated; keys above 2^32 fold their high part in). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = fmix32((a >>> 0) ^ 0x9e3779b9 ^ Math.floor(a / 4294967296));
  h = fmix32(h ^ (b >>> 0) ^ Math.imul(Math.floor(b / 4294967296), 0x27d4eb2f));
  h = fmix32(h ^ (c >>> 0) ^ Math.imul(Math.floor(c / 4294967296), 0x165667b1));
  h = fmix32(h ^ (d >>> 0) ^ Math.imul(Math.floor(d / 4294967296), 0x61c88647));
  return h;
}

/** Uniform on [0, 1) from the keys: `hash32(keys) / 2^32`. */
export function hashUniform(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** A 32-bit seed from a scenario seed of any kind (number or string). */
export function seed32(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return hash32(seed, Math.floor(seed / 4294967296));
  let h = 0x811c9dc5;
  const s = String(seed);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}
