/**
 * A seeded random source (mulberry32): the same seed gives the same numbers in [0, 1), so generated
 * test data and the bench's inputs are the same every run. For tests and `npm run bench`; the app
 * never uses it (use `crypto` for anything that must not be guessed).
 */
export function seededRandom(seed = 20_241_124): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
