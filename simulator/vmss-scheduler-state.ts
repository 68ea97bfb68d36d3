// What the snapshot scheduler remembers of one pool: when it last looked, and when each schedule was
// created or turned on (a schedule never runs for a due moment before that). Kept apart from the
// scheduler so that the VMSS handlers can arm a schedule without importing the timer.
import type { Sim } from './sim';

export interface SchedulerState {
  /** The pool's clock (Sim.now) at the scheduler's last look. */
  lastCheck: number;
  /** VMSS ref -> the pool's clock when it was created or enabled. */
  armed: Map<string, number>;
}

const states = new WeakMap<Sim, SchedulerState>();

export function schedulerState(sim: Sim): SchedulerState {
  let s = states.get(sim);
  if (!s) { s = { lastCheck: sim.now(), armed: new Map() }; states.set(sim, s); }
  return s;
}

export function armSchedule(sim: Sim, vmss: string): void {
  schedulerState(sim).armed.set(vmss, sim.now());
}
