// The bin packing behind HA failover planning, as xapi's binpack.ml does it. Pure: memory in bytes,
// no database (ha-plan.ts builds the input from the pool). A plan "always exists" for r failures when
// every order in which r live hosts can fail leaves room for their protected VMs on the others.

/** The pool once every protected VM runs somewhere: free memory of each live host and the memory
 * of the protected VMs on it (same index); totalHosts counts dead hosts too. */
export interface Packing { free: number[]; load: number[][]; totalHosts: number }

/** biggest_fit_decreasing: the largest thing first, each into the bin with the most room if it fits
 * there (otherwise it is left out). Bins stay sorted; a refilled bin goes before equal ones, as
 * xapi's insert does, so ties fall the same way. */
export function biggestFitDecreasing<T, B>(things: [T, number][], bins: [B, number][]): Map<T, B> {
  const open = [...bins].sort((a, b) => b[1] - a[1]);
  const out = new Map<T, B>();
  for (const [thing, size] of [...things].sort((a, b) => b[1] - a[1])) {
    const first = open[0];
    if (!first || first[1] < size) continue;
    open.shift();
    const left = first[1] - size;
    let i = 0;
    while (i < open.length && open[i][1] > left) i++;
    open.splice(i, 0, [first[0], left]);
    out.set(thing, first[0]);
  }
  return out;
}

/** Whether r more host failures can always be survived (xapi: choose_heuristic, then the heuristic's
 * plan_always_possible; an r outside 0..totalHosts fails check_configuration: no plan). */
export function planAlwaysPossible(p: Packing, r: number): boolean {
  if (!Number.isInteger(r) || r < 0 || r > p.totalHosts) return false;
  const hosts = p.free.length;
  const anyVm = p.load.some((l) => l.length > 0);
  if (hosts < r || (hosts === r && anyVm)) return false; // plan_trivially_never_possible
  if (!exhaustive(p.totalHosts, r)) return approximate(p, r);
  return survives(p.free, p.load, p.free.map((_, i) => i), r);
}

/** Every ordering of r failures is tried while there are fewer than 3500 of them (nPr), up to 32 hosts. */
function exhaustive(n: number, r: number): boolean {
  if (n > 32) return false;
  let orders = 1;
  for (let i = 0; i < r; i++) if ((orders *= n - i) >= 3500) return false;
  return true;
}

/** Depth-first over failure orders (xapi folds simulate_failure over every permutation of every
 * r-subset: the same orders, with the shared prefixes computed once). */
function survives(free: number[], load: number[][], alive: number[], r: number): boolean {
  if (r === 0) return true;
  for (const dead of alive) {
    const rest = alive.filter((h) => h !== dead);
    const next = failOne(free, load, rest, dead);
    if (!next || !survives(next.free, next.load, rest, r - 1)) return false;
  }
  return true;
}

/** simulate_failure: the dead host's VMs packed onto the rest; null when one does not fit. */
function failOne(free: number[], load: number[][], rest: number[], dead: number): { free: number[]; load: number[][] } | null {
  const sizes = load[dead];
  const plan = biggestFitDecreasing(sizes.map((s, i) => [i, s] as [number, number]), rest.map((h) => [h, free[h]] as [number, number]));
  if (plan.size !== sizes.length) return null;
  const f = free.slice();
  const l = load.slice();
  for (const [i, h] of plan) {
    f[h] -= sizes[i];
    if (l[h] === load[h]) l[h] = load[h].slice();
    l[h].push(sizes[i]);
  }
  l[dead] = [];
  return { free: f, load: l };
}

/** approximate_bin_pack for big pools: every VM as big as the biggest, the hosts with the most room
 * fail, and they carried the most VMs. */
function approximate(p: Packing, r: number): boolean {
  let biggest = 0;
  for (const l of p.load) for (const s of l) biggest = Math.max(biggest, s);
  if (biggest === 0) return true; // no protected VM
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const slots = p.free.map((f) => Math.trunc(f / biggest)).sort((a, b) => b - a);
  const counts = p.load.map((l) => l.length).sort((a, b) => b - a);
  return sum(counts.slice(0, r)) <= sum(slots.slice(r));
}

/** Helpers.bisect: the largest n in [lo, hi] for which f holds, f being monotone (lo when none does). */
export function bisect(f: (n: number) => boolean, lo: number, hi: number): number {
  while (hi - lo >= 2) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(mid)) lo = mid;
    else hi = mid;
  }
  return f(hi) ? hi : lo;
}
