// `npm run bench -- alerts`: what a new XAPI message costs the Alerts list at 10,000 messages in a
// pool of 5,000 VMs (16 hosts), in Node (renderer/src/features/alerts without React), medians of
// BENCH_RUNS (31). Each run adds one message to the renderer's store and times the list's update:
//   rebuild      the list worked out again as before the incremental list (allAlerts: every message
//                looked up, the whole list sorted; with a change of the tree every alert's words again)
//   incremental  AlertList.update: new and changed messages only, inserted by binary search
//   floor        the same sorted-array insertion of an alert already worked out, and nothing else
// each with the view's filter pass (no filter; then a text filter) as the Alerts view runs it.
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../../simulator/index';
import { createAppStore, type XRecord } from '../../renderer/src/state/store';
import type { CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { allAlerts, type Alert } from '../../renderer/src/features/alerts/alert-text';
import { AlertList } from '../../renderer/src/features/alerts/alert-list';
import { filterAlerts, NO_FILTERS } from '../../renderer/src/features/alerts/filters';
import { median } from './common';

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const MESSAGES = 10_000;
const VMS = 5_000;
const SIM_CLASS: Record<string, string> = { pool: 'pool', host: 'host', vm: 'VM', sr: 'SR' };
const NAMES = ['VM_STARTED', 'VM_SHUTDOWN', 'VM_REBOOTED', 'VM_CRASHED', 'HA_HOST_FAILED', 'ALARM'];
const ALARM = 'value: 0.953\nconfig:\n<variable>\n <name value="cpu_usage"/>\n <alarm_trigger_level value="0.9"/>\n <alarm_trigger_period value="60"/>\n</variable>';

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-]/g, '').replace(/\.\d+Z$/, 'Z');
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function benchAlerts(): Promise<void> {
  const sim = await startSimulator({ port: 0, hosts: 16, vms: VMS });
  const objects: CacheDelta['changes'] = [];
  for (const [cls, simCls] of Object.entries(SIM_CLASS)) {
    for (const [ref, record] of sim.records(simCls) as Map<string, XRecord>) objects.push({ cls, ref, op: 'add', record: { ...record } });
  }
  await sim.close();
  const vms = objects.filter((o) => o.cls === 'vm' && !o.record!.is_a_template && !o.record!.is_control_domain);
  const t0 = Date.UTC(2026, 11, 1);
  let n = 0;
  const message = (at: number): CacheDelta['changes'][number] => {
    const i = n++;
    const vm = vms[i % vms.length].record!;
    const name = NAMES[i % NAMES.length];
    return { cls: 'message', ref: `OpaqueRef:m${i}`, op: 'add', record: {
      uuid: `mu-${i}`, name, priority: name === 'ALARM' ? 1 : 1 + (i % 5), cls: 'VM', obj_uuid: vm.uuid, body: name === 'ALARM' ? ALARM : `VM ${String(vm.name_label)}`, timestamp: stamp(at),
    } };
  };
  const conn: ConnectionInfo = { id: 'c1', url: 'x', hostname: 'x', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const store = createAppStore();
  const backlog = Array.from({ length: MESSAGES }, (_, i) => message(t0 + i * 7_000));
  store.getState().applySnapshot({ connections: [conn], deltas: [{ connectionId: 'c1', reset: true, changes: [...objects, ...backlog] }] });

  const list = new AlertList();
  list.update(store.getState(), true);
  let known = new WeakMap<XRecord, Alert>();
  allAlerts(store.getState(), known);
  const floorList = list.update(store.getState(), false).slice();
  const text = { ...NO_FILTERS, text: 'web' };
  const figures: Record<string, number[]> = {};
  const note = (k: string, ms: number) => (figures[k] ??= []).push(ms);
  let renamed = 0;
  for (let run = 0; run < RUNS; run++) {
    const at = t0 + (MESSAGES + run) * 7_000;
    // A new message alone (the tree as it was).
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [message(at)] });
    const s = store.getState();
    note('rebuild', time(() => filterAlerts(allAlerts(s, known), NO_FILTERS, at)));
    note('incremental', time(() => filterAlerts(list.update(s, false), NO_FILTERS, at)));
    const ready = list.update(s, false)[0];
    note('floor', time(() => { floorList.splice(insertAt(floorList, ready), 0, ready); return floorList.slice(); }));
    note('rebuild, text filter', time(() => filterAlerts(allAlerts(s, known), text, at)));
    note('incremental, text filter', time(() => filterAlerts(list.update(s, false), text, at)));
    // A new message with a VM renamed in the same delta: every alert's names may have changed.
    const vm = vms[run % vms.length];
    const rec = { ...vm.record!, name_label: `${String(vm.record!.name_label)}-r${renamed++}` };
    vm.record = rec;
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [{ cls: 'vm', ref: vm.ref, op: 'mod', record: rec }, message(at + 1)] });
    const s2 = store.getState();
    note('rebuild, tree changed', time(() => { known = new WeakMap(); return filterAlerts(allAlerts(s2, known), NO_FILTERS, at); }));
    note('incremental, tree changed', time(() => filterAlerts(list.update(s2, true), NO_FILTERS, at)));
  }
  // The two agree (the incremental list is checked against the rebuild in the unit tests too).
  const a = list.update(store.getState(), false).map((x) => x.key).join();
  const b = allAlerts(store.getState()).map((x) => x.key).join();
  if (a !== b) throw new Error('the incremental list and the rebuild disagree');
  const floor = median(figures.floor);
  console.log(`alerts  a new message at ${MESSAGES.toLocaleString('en')} messages, ${VMS.toLocaleString('en')} VMs (median of ${RUNS}; floor: sorted insert of a ready alert ${fmt(floor)})`);
  for (const [k, v] of Object.entries(figures)) if (k !== 'floor') console.log(`  ${k.padEnd(28)} ${fmt(median(v)).padStart(10)}  p90 ${fmt([...v].sort((x, y) => x - y)[Math.floor(v.length * 0.9)])}`);
}

function insertAt(list: readonly Alert[], a: Alert): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].timestamp > a.timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
