// The pool's snapshot scheduler (the host's vmss plugin, docs/simulator.md "Snapshot schedules"): on
// each tick every enabled VMSS with VMs whose latest due moment (vmss-rules.ts, from its frequency
// and schedule map, whose hour and minute are the servers' local time: SimConfig.utcOffsetMinutes) falls after the scheduler's previous look, its
// last_run_time and the moment it was created or enabled, takes its snapshots (methods/schedules.ts:
// last_run_time, VMSS_SNAPSHOT_SUCCEEDED/FAILED, retention). A schedule runs once however many due
// moments a jump of the clock skipped. The clock is Sim.now(): the wall clock, or ahead of it after
// advanceClock, so tests need not wait hours. A run is a task as a client's Async.VMSS.snapshot_now
// is (the plugin's work is seen by every client: Events), ending success or failure with its error.
import { snapshotNow } from './methods/schedules';
import type { CallCtx, Sim } from './sim';
import { createTask, errorPatch, finish } from './tasks';
import { xmlRpcText } from './xmlrpc-text';
import { lastDueAt } from './vmss-rules';
import { schedulerState } from './vmss-scheduler-state';

/** A XAPI datetime ("20261207T23:15:00Z", dashes and colons optional) in ms; 0 when unreadable. */
export function datetimeMs(text: string): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})/.exec(text);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : 0;
}

/** Default tick: every minute of the wall clock (due moments are on quarter hours). */
export const VMSS_TICK_MS = 60_000;
const running = new WeakMap<Sim, Promise<string[]>>();

/** Runs every schedule due now; returns the VMSS refs that ran (a failed run included: it has its message). */
export function runDueSchedules(sim: Sim): Promise<string[]> {
  // One pass at a time: a tick during a long pass waits for it instead of running a schedule twice.
  const prev = running.get(sim) ?? Promise.resolve([]);
  const next = prev.then(() => pass(sim), () => pass(sim));
  running.set(sim, next);
  return next;
}

async function pass(sim: Sim): Promise<string[]> {
  const state = schedulerState(sim);
  const now = sim.now();
  const since = state.lastCheck;
  state.lastCheck = now;
  const ran: string[] = [];
  for (const [ref, row] of [...sim.db.table('VMSS')]) {
    const s = row.rec;
    if (s.enabled !== true || ((s.VMs as string[]) ?? []).length === 0) continue;
    // The schedule's hour and minute are on the servers' wall clock: due moments found there, brought back to UTC.
    const local = lastDueAt(String(s.frequency), (s.schedule ?? {}) as Record<string, string>, now + sim.utcOffsetMs);
    if (local === undefined) continue;
    const due = local - sim.utcOffsetMs;
    const lastRun = datetimeMs(String(s.last_run_time ?? ''));
    if (due <= Math.max(since, lastRun, state.armed.get(ref) ?? 0)) continue;
    const task = createTask(sim, 'Async.VMSS.snapshot_now');
    const ctx: CallCtx = { sim, session: '', method: 'VMSS.snapshot_now', task, async: true, connection: sim.shutdown.signal, hostAddress: sim.coordinatorAddress() };
    ran.push(ref);
    try {
      await snapshotNow(ctx, [ref]);
      finish(sim, task, { status: 'success', result: xmlRpcText('', 'string') });
    } catch (e) {
      finish(sim, task, errorPatch(task, e)); // and VMSS_SNAPSHOT_FAILED, which snapshotNow recorded
    }
  }
  return ran;
}

/** Moves the pool's clock `ms` ahead and runs what fell due; returns the schedules that ran. */
export function advanceClock(sim: Sim, ms: number): Promise<string[]> {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new Error('advanceClock: "ms" must be a non-negative number');
  sim.clockOffsetMs += ms;
  return runDueSchedules(sim);
}

/** Starts the tick (interval in ms; 0: only advanceClock runs schedules). Stops with the simulator. */
export function startVmssScheduler(sim: Sim, intervalMs = VMSS_TICK_MS): void {
  schedulerState(sim);
  if (intervalMs <= 0) return;
  const t = setInterval(() => { void runDueSchedules(sim); }, intervalMs);
  t.unref();
  sim.shutdown.signal.addEventListener('abort', () => clearInterval(t), { once: true });
}
