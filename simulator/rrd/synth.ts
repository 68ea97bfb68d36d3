// Deterministic synthetic history: a curve per data source, seeded by the object's uuid and the
// source's name, so two simulators (or two runs) draw the same shapes. A curve's value for a row is
// the average over that row's period, so the coarse archives look like averages of the fine ones:
// a daily sine (averaged in closed form), a per-day level drift (the same at every resolution) and
// per-row noise that shrinks with the square root of the number of 5 s points averaged.

export interface Curve {
  seed: number;
  /** Mean value. */
  level: number;
  /** Daily swing as a fraction of level. */
  daily: number;
  /** 5 s noise as a fraction of level. */
  noise: number;
  min: number;
  max: number;
}

const DAY = 86_400;
const W = (2 * Math.PI) / DAY;

/** FNV-1a of a string: the seed of a (uuid, data source) pair. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A uniform number in [0, 1) from a seed and two integers (murmur3's finaliser). */
export function hash01(seed: number, a: number, b = 0): number {
  let h = (seed ^ Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** A value between lo and hi picked by the seed (salt separates several picks from one seed). */
export const pick = (seed: number, lo: number, hi: number, salt = 0): number => lo + (hi - lo) * hash01(seed, 7919, salt);

/** The curve's average over the period (end - period, end]. */
export function curveAt(c: Curve, end: number, period: number): number {
  const phase = hash01(c.seed, 1) * 2 * Math.PI;
  const start = end - period;
  const cycle = (Math.cos(W * start + phase) - Math.cos(W * end + phase)) / (W * period);
  const day = Math.floor((start + end) / 2 / DAY);
  const drift = (hash01(c.seed, day, 2) - 0.5) * 0.2;
  const noise = (hash01(c.seed, end / period, period) * 2 - 1) * c.noise * Math.sqrt(5 / period);
  const v = c.level * (1 + c.daily * cycle + drift + noise);
  return Math.min(c.max, Math.max(c.min, v));
}
