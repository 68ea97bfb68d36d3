// The HA planner's bin packing (simulator/ha-binpack.ts, after xapi's binpack.ml): biggest fit
// decreasing with xapi's tie rule, every failure order tried for small pools, the worst-case
// approximation beyond, the bisection of the largest tolerable failure count, and its speed.
import { describe, expect, it } from 'vitest';
import { biggestFitDecreasing, bisect, planAlwaysPossible } from '../../simulator/ha-binpack';
import { cpuMs } from '../support/cpu-time';

const GiB = 1024 ** 3;

describe('biggestFitDecreasing', () => {
  it('puts the biggest thing into the roomiest bin and leaves out what does not fit there', () => {
    expect(biggestFitDecreasing([['c', 3], ['a', 5], ['b', 4]], [['x', 6], ['y', 5]])).toEqual(new Map([['a', 'x'], ['b', 'y']]));
  });

  it('a refilled bin goes before bins with as much room (xapi insert)', () => {
    // x: 5 → 3 after a, then it sits before y (3), so b goes to x too.
    expect(biggestFitDecreasing([['a', 2], ['b', 1]], [['x', 5], ['y', 3]])).toEqual(new Map([['a', 'x'], ['b', 'x']]));
  });
});

describe('planAlwaysPossible', () => {
  const three = { free: [150, 150, 150], load: [[101], [101], [101]], totalHosts: 3 };

  it('tries every failure order in a small pool', () => {
    expect(planAlwaysPossible(three, 0)).toBe(true);
    expect(planAlwaysPossible(three, 1)).toBe(true);
    expect(planAlwaysPossible(three, 2)).toBe(false); // two 101s do not fit in 150
    expect(planAlwaysPossible(three, 4)).toBe(false); // more failures than hosts
    expect(planAlwaysPossible({ ...three, load: [[], [], []] }, 3)).toBe(true); // nothing to restart
    expect(planAlwaysPossible(three, 3)).toBe(false);
    // Any one host may fail; but after h0, h1 holds 101 and 60 and h2 (60) cannot take the 101.
    const uneven = { free: [200, 120, 60], load: [[60], [101], []], totalHosts: 3 };
    expect(planAlwaysPossible(uneven, 1)).toBe(true);
    expect(planAlwaysPossible(uneven, 2)).toBe(false);
    // Really tried, not approximated: counting every VM as a 90 would leave 2 slots for h0's 3 VMs.
    expect(planAlwaysPossible({ free: [100, 100, 100], load: [[90, 5, 5], [5], [5]], totalHosts: 3 }, 1)).toBe(true);
  });

  it('beyond 3500 failure orders assumes the worst: every VM as big as the biggest', () => {
    // 16 hosts with 10 GiB free, each running four 1 GiB VMs, one of them an 8 GiB VM: one 8 GiB slot per
    // host. Three failures are tried exhaustively (16·15·14 orders) and fit; for four (43680 orders) the
    // approximation needs 16 slots on the 12 hosts left.
    const load = Array.from({ length: 16 }, (_, h) => (h === 0 ? [8 * GiB, GiB, GiB, GiB] : [GiB, GiB, GiB, GiB]));
    const p = { free: load.map(() => 10 * GiB), load, totalHosts: 16 };
    expect(planAlwaysPossible(p, 3)).toBe(true);
    expect(planAlwaysPossible(p, 4)).toBe(false);
    // Without the big VM four failures are fine by the same approximation (10 slots per host).
    const small = { ...p, load: load.map(() => [GiB, GiB, GiB, GiB]) };
    expect(planAlwaysPossible(small, 4)).toBe(true);
  });

  it('16 hosts with 125 protected VMs each: three failures, exhaustively, in well under a second', () => {
    const load = Array.from({ length: 16 }, (_, h) => Array.from({ length: 125 }, (_, i) => (((i * 7 + h) % 3) + 1) * GiB));
    const { result, ms } = cpuMs(() => planAlwaysPossible({ free: load.map(() => 512 * GiB), load, totalHosts: 16 }, 3));
    expect(result).toBe(true);
    expect(ms).toBeLessThan(1500);
  });
});

describe('bisect', () => {
  it('finds the largest n for which a monotone predicate holds, or the lower bound', () => {
    expect(bisect((n) => n <= 5, 0, 16)).toBe(5);
    expect(bisect(() => true, 0, 16)).toBe(16);
    expect(bisect(() => false, 0, 16)).toBe(0);
    expect(bisect((n) => n <= 1, 0, 3)).toBe(1);
  });
});
