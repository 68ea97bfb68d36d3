// Why a VM command cannot run, in words (the greyed item's tooltip, as XenCenter's say): the
// selection, the VM's kind, an operation already in progress, its power state, the server it runs
// on being off, and otherwise the operation missing from allowed_operations, named in words.
import type { StoreView } from '../state/store';
import type { VmOperations } from '../../../shared/xapi/types.generated';
import { hostDown } from './host-down';
import { allows, isControlDomain, isSnapshot, isTemplate } from './predicates';
import { isRef } from './refs';
import type { Selection } from '../framework/command';
import { record } from './records';

type Rec = Record<string, unknown>;

/** What an allowed_operations entry does, as a verb phrase ("…cannot be <words> now"). */
const OP_PASSIVE: Record<string, string> = {
  start: 'started', start_on: 'started', clean_shutdown: 'shut down', hard_shutdown: 'forced to shut down',
  clean_reboot: 'rebooted', hard_reboot: 'forced to reboot', suspend: 'suspended', resume: 'resumed', resume_on: 'resumed',
  pause: 'paused', unpause: 'unpaused', pool_migrate: 'migrated', migrate_send: 'migrated', export: 'exported',
  snapshot: 'snapshotted', checkpoint: 'checkpointed', snapshot_with_quiesce: 'snapshotted', clone: 'copied', copy: 'copied',
  destroy: 'deleted', revert: 'reverted to', ha_enable: 'enabled for HA', ha_disable: 'disabled for HA',
};
/** What a VM is doing during a current_operations entry. */
const OP_DOING: Record<string, string> = {
  start: 'starting', start_on: 'starting', clean_shutdown: 'shutting down', hard_shutdown: 'being forced to shut down',
  clean_reboot: 'rebooting', hard_reboot: 'being forced to reboot', suspend: 'suspending', resume: 'resuming', resume_on: 'resuming',
  pause: 'pausing', unpause: 'unpausing', pool_migrate: 'migrating', migrate_send: 'migrating', export: 'being exported',
  snapshot: 'being snapshotted', checkpoint: 'being checkpointed', snapshot_with_quiesce: 'being snapshotted', clone: 'being copied',
  copy: 'being copied', destroy: 'being deleted', revert: 'being reverted', import: 'being imported', provision: 'being provisioned',
};

/** "shut down" for clean_shutdown; the operation's own name, spaced, when it has no words here. */
export const opPassive = (op: string): string => OP_PASSIVE[op] ?? op.replace(/_/g, ' ');
export const opDoing = (op: string): string => OP_DOING[op] ?? `busy (${op.replace(/_/g, ' ')})`;

const POWER_WORDS: Record<string, string> = { Running: 'running', Halted: 'shut down', Suspended: 'suspended', Paused: 'paused' };

/** Why the power state alone rules the operation out, or undefined when it does not. */
function powerStateReason(op: string, state: string, name: string): string | undefined {
  const is = `'${name}' is ${POWER_WORDS[state] ?? state}`;
  switch (op) {
    case 'start':
      if (state === 'Running') return `'${name}' is already running`;
      if (state === 'Suspended') return `${is}: use Resume`;
      if (state === 'Paused') return `${is}: use Unpause`;
      return undefined;
    case 'clean_shutdown': case 'hard_shutdown': case 'clean_reboot': case 'hard_reboot': case 'pause': case 'pool_migrate':
      if (state === 'Halted') return `'${name}' is not running`;
      if (op === 'pause' && state === 'Paused') return `'${name}' is already paused`;
      if (state === 'Suspended') return `${is}: use Resume first`;
      if (state === 'Paused' && op !== 'hard_shutdown' && op !== 'hard_reboot') return `${is}: use Unpause first`;
      return undefined;
    case 'suspend':
      if (state === 'Suspended') return `'${name}' is already suspended`;
      if (state !== 'Running') return `${is}: only a running VM can be suspended`;
      return undefined;
    case 'resume': return state === 'Suspended' ? undefined : `${is}, not suspended`;
    case 'unpause': return state === 'Paused' ? undefined : `${is}, not paused`;
    case 'destroy': return state === 'Running' || state === 'Paused' ? `${is}: shut it down first` : undefined;
    default: return undefined;
  }
}

/** The host a running VM is on, when that host is not live: "'h2' is not reachable". */
function hostOffReason(store: StoreView, connectionId: string, vm: Rec, name: string): string | undefined {
  const hostRef = vm.resident_on;
  if (!isRef(hostRef)) return undefined;
  const host = record(store, connectionId, 'host', hostRef);
  if (!host) return undefined;
  const metrics = record(store, connectionId, 'host_metrics', host.metrics);
  if (metrics?.live === true) return undefined;
  const hostName = typeof host.name_label === 'string' && host.name_label ? host.name_label : hostRef;
  const down = hostDown(host, (r) => record(store, connectionId, 'pbd', r));
  return `'${name}' is on ${hostName}, which is ${down === 'shutdown' ? 'shut down' : 'not reachable'}`;
}

/**
 * Why none of `ops` can run on this VM now, most telling reason first. `ops` are alternatives
 * (Take Snapshot: snapshot or checkpoint); the first one names the action.
 */
export function vmRefusal(store: StoreView, connectionId: string, ref: string, ops: readonly VmOperations[], opts: { snapshot?: boolean } = {}): string | undefined {
  const vm = record(store, connectionId, 'vm', ref);
  if (!vm) return 'The VM is no longer on the server';
  const name = typeof vm.name_label === 'string' && vm.name_label ? vm.name_label : ref;
  if (isControlDomain(vm)) return `'${name}' is the control domain of its server`;
  if (isSnapshot(vm) !== (opts.snapshot === true)) return `'${name}' is ${opts.snapshot ? 'not ' : ''}a snapshot`;
  if (isTemplate(vm) && !opts.snapshot) return `'${name}' is a template`;
  if (ops.some((op) => allows(vm, op))) return undefined;
  const current = vm.current_operations && typeof vm.current_operations === 'object' ? Object.values(vm.current_operations as Rec).map(String) : [];
  if (current.length > 0) return `'${name}' is busy: it is ${opDoing(current[0])}`;
  const state = typeof vm.power_state === 'string' ? vm.power_state : '';
  const byState = powerStateReason(ops[0], state, name);
  if (byState) return byState;
  if (state === 'Running' || state === 'Paused') {
    const off = hostOffReason(store, connectionId, vm, name);
    if (off) return off;
  }
  // A clean shutdown, reboot or suspend needs the guest's cooperation (its PV drivers / guest agent).
  if (state === 'Running' && ['clean_shutdown', 'clean_reboot', 'suspend'].includes(ops[0])) {
    const gm = record(store, connectionId, 'vm_guest_metrics', vm.guest_metrics);
    if (!gm || gm.PV_drivers_detected === false) {
      const force = ops[0] === 'clean_reboot' ? ': use Force Reboot' : ops[0] === 'clean_shutdown' ? ': use Force Shut Down' : '';
      return `'${name}' has no guest tools running, so it cannot be ${opPassive(ops[0])} cleanly${force}`;
    }
  }
  return `The server does not allow '${name}' to be ${opPassive(ops[0])} now`;
}

/** For commands on VMs: the selection is wrong, or the first selected VM that refuses says why. */
export function vmSelectionRefusal(selection: Selection, store: StoreView, ops: readonly VmOperations[], opts: { single?: boolean; snapshot?: boolean } = {}): string {
  const what = opts.snapshot ? 'snapshot' : 'VM';
  if (selection.length === 0) return `No ${what} is selected`;
  if (!selection.every((s) => s.cls === 'vm')) return `Select ${what}s only`;
  if (opts.single && selection.length > 1) return `Select one ${what}`;
  for (const s of selection) {
    const why = vmRefusal(store, s.connectionId, s.ref, ops, opts);
    if (why) return why;
  }
  return 'Not available for this selection';
}
