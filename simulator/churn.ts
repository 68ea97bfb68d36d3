// Churn load mode (SimulatorOptions.churn, Simulator.setChurn): a timer that keeps changing guest VMs
// at a given number of object changes per second, for benchmarks of live updates. Every change goes
// through the database's own update path, so event.from / event.next see it like any other. The
// changes rotate among three kinds, each on a VM drawn by a seeded PRNG (repeatable runs):
//   name    VM.name_label := "<base name> ~<Date.now()>" (a previous " ~digits" suffix replaced), so a
//           client can measure the latency from the server's change to its screen;
//   power   a Running VM becomes Paused, a Paused one Running (VM.pause/unpause's effect, without task
//           or message; resident_on, domid, consoles and devices stay valid); VMs busy with an
//           operation and Halted/Suspended ones are left alone;
//   metrics a Running VM's VM_metrics moves as the metrics timer moves it (metrics.ts).
// A kind with no VM to change passes its turn to the next kind.
import { refreshVmAllowed } from './allowed-ops';
import type { Rec } from './fields';
import { moveVmMetrics } from './metrics';
import { setPaused } from './methods/vm-power';
import type { Sim } from './sim';

export const CHURN_TICK_MS = 20;
const SEED = 0x5eed_c4a2;
const KINDS = ['name', 'power', 'metrics'] as const;
type Kind = (typeof KINDS)[number];

export interface Churn {
  /** Changes per second from now on; 0 stops the timer. */
  set(perSecond: number): void;
  /** Changes made so far. */
  count(): number;
  stop(): void;
}

/** mulberry32: a small seeded PRNG, numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The name without a churn suffix (" ~" and digits at the end). */
export const baseName = (name: string): string => name.replace(/ ~\d+$/, '');

const isGuest = (vm: Rec) => !vm.is_a_template && !vm.is_snapshot && !vm.is_control_domain;
const idle = (vm: Rec) => Object.keys((vm.current_operations ?? {}) as Rec).length === 0;

/** The churn of one pool: stopped until set() gives a rate above 0; stopped for good with the simulator. */
export function startChurn(sim: Sim, perSecond = 0): Churn {
  const random = prng(SEED);
  let rate = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = 0;
  let carry = 0;
  let turn = 0;
  let made = 0;

  const eligible = (kind: Kind): string[] => {
    const out: string[] = [];
    for (const [ref, { rec: vm }] of sim.db.table('VM')) {
      if (!isGuest(vm)) continue;
      if (kind === 'power' && !((vm.power_state === 'Running' || vm.power_state === 'Paused') && idle(vm))) continue;
      if (kind === 'metrics' && !(vm.power_state === 'Running' && sim.db.get('VM_metrics', String(vm.metrics)))) continue;
      out.push(ref);
    }
    return out;
  };

  const apply = (kind: Kind, ref: string): void => {
    const vm = sim.db.get('VM', ref)!;
    if (kind === 'name') sim.db.update('VM', ref, { name_label: `${baseName(String(vm.name_label))} ~${Date.now()}` });
    else if (kind === 'power') {
      setPaused(sim, ref, vm.power_state === 'Running');
      refreshVmAllowed(sim.db, ref);
    } else moveVmMetrics(sim, vm, undefined, random);
  };

  /** One change, of this turn's kind or the next kind that has a VM; false when no VM qualifies. */
  const changeOne = (): boolean => {
    for (let i = 0; i < KINDS.length; i++) {
      const kind = KINDS[(turn + i) % KINDS.length];
      const refs = eligible(kind);
      if (!refs.length) continue;
      apply(kind, refs[Math.floor(random() * refs.length)]);
      turn = (turn + i + 1) % KINDS.length;
      made++;
      return true;
    }
    return false;
  };

  const tick = () => {
    if (sim.shutdown.signal.aborted) return stop();
    const now = performance.now();
    // After a stall (a busy event loop, a paused process) at most one tick's worth is caught up.
    const elapsed = Math.min(now - last, 2 * CHURN_TICK_MS);
    last = now;
    const due = (rate * elapsed) / 1000 + carry;
    const n = Math.round(due);
    carry = due - n;
    for (let i = 0; i < n; i++) if (!changeOne()) { carry = 0; break; }
  };

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    rate = 0;
  };

  const set = (perSecond: number) => {
    if (!Number.isFinite(perSecond) || perSecond < 0) throw new Error(`churn: ${perSecond} is not a rate (changes per second, 0 stops)`);
    if (sim.shutdown.signal.aborted) return;
    rate = perSecond;
    if (rate === 0) return stop();
    if (timer) return;
    last = performance.now();
    carry = 0;
    timer = setInterval(tick, CHURN_TICK_MS);
    timer.unref();
  };

  sim.shutdown.signal.addEventListener('abort', stop, { once: true });
  set(perSecond);
  return { set, count: () => made, stop };
}
