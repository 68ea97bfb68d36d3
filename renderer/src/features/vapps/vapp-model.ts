// vApps as XenCenter shows and edits them (VMAppliancesDialog.cs, NewVMApplianceWizard/*): the pool's
// vApps with their VMs, the VMs a vApp can hold, a draft of one vApp (name, description, members with
// start order and delays). Pure.
import type { ObjectsView } from '../../state/store';
import { entries, record, table } from '../../xapi-model/records';
import { allows, isPlainVm } from '../../xapi-model/predicates';
import { isRef } from '../../xapi-model/refs';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const natural = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

/** The pool's name for titles: the pool's, else its coordinator's (a pool of one), else 'pool'. */
export function poolNameOf(store: ObjectsView, connectionId: string): string {
  const pool = table(store, connectionId, 'pool')[0];
  return str(pool?.name_label) || str(record(store, connectionId, 'host', pool?.master)?.name_label) || 'pool';
}

export type VAppOp = 'start' | 'clean_shutdown' | 'hard_shutdown' | 'shutdown';

export interface VAppRow { ref: string; name: string; description: string; vms: string[]; busy: string | undefined }

/** The connection's vApps, by name (XenCenter's grid). */
export function vappRows(store: ObjectsView, connectionId: string): VAppRow[] {
  return entries(store, connectionId, 'vm_appliance').map(([ref, r]) => ({
    ref, name: str(r.name_label), description: str(r.name_description),
    vms: Array.isArray(r.VMs) ? r.VMs.map(String).filter((vm) => record(store, connectionId, 'vm', vm)) : [],
    busy: Object.values((r.current_operations ?? {}) as Record<string, string>)[0],
  })).sort((a, b) => natural(a.name, b.name) || natural(a.ref, b.ref));
}

const OP_WORDS: Record<VAppOp, string> = { start: 'start', clean_shutdown: 'shut down', hard_shutdown: 'force shut down', shutdown: 'shut down' };

/** Why a vApp cannot do `op` now, in xapi's terms (xapi_vm_appliance_lifecycle.ml), or undefined when it can. */
export function vappOpReason(store: ObjectsView, connectionId: string, ref: string, op: VAppOp): string | undefined {
  const row = vappRows(store, connectionId).find((r) => r.ref === ref);
  if (!row) return 'The vApp is no longer on the server';
  if (allows(record(store, connectionId, 'vm_appliance', ref), op)) return undefined;
  const name = row.name || 'The vApp';
  if (row.busy) return `${name} is busy: ${OP_WORDS[row.busy as VAppOp] ?? row.busy.replace(/_/g, ' ')} is in progress`;
  if (row.vms.length === 0) return `${name} has no VMs`;
  const states = row.vms.map((vm) => str(record(store, connectionId, 'vm', vm)?.power_state));
  if (op === 'start' && !states.includes('Halted')) return `Every VM in ${name} is already running`;
  if (op !== 'start' && states.every((s) => s === 'Halted')) return `Every VM in ${name} is already shut down`;
  return `The server does not allow ${name} to ${OP_WORDS[op]} now`;
}

export interface CandidateVm { ref: string; name: string; description: string; powerState: string; appliance: string; applianceName: string; order: number; startDelay: number; shutdownDelay: number }

/** The VMs a vApp can hold: real VMs (no template, snapshot or control domain), by name. */
export function candidateVms(store: ObjectsView, connectionId: string): CandidateVm[] {
  const out: CandidateVm[] = [];
  for (const [ref, vm] of entries(store, connectionId, 'vm')) {
    if (!isPlainVm(vm)) continue;
    const appliance = isRef(vm.appliance) && record(store, connectionId, 'vm_appliance', vm.appliance) ? String(vm.appliance) : '';
    out.push({
      ref, name: str(vm.name_label), description: str(vm.name_description), powerState: str(vm.power_state), appliance,
      applianceName: appliance ? str(record(store, connectionId, 'vm_appliance', appliance)?.name_label) : '',
      order: int(vm.order), startDelay: int(vm.start_delay), shutdownDelay: int(vm.shutdown_delay),
    });
  }
  return out.sort((a, b) => natural(a.name, b.name) || natural(a.ref, b.ref));
}

export interface MemberSetting { vm: string; order: number; startDelay: number; shutdownDelay: number }
export interface VAppDraft { name: string; description: string; members: MemberSetting[] }

/** A new vApp's draft: the VMs chosen keep the order and delays they already have (XenCenter's wizard shows them). */
export const emptyDraft = (): VAppDraft => ({ name: '', description: '', members: [] });

/** An existing vApp as a draft. */
export function draftOf(store: ObjectsView, connectionId: string, ref: string): VAppDraft {
  const r = record(store, connectionId, 'vm_appliance', ref);
  const members = candidateVms(store, connectionId).filter((vm) => vm.appliance === ref)
    .map((vm) => ({ vm: vm.ref, order: vm.order, startDelay: vm.startDelay, shutdownDelay: vm.shutdownDelay }));
  return { name: str(r?.name_label), description: str(r?.name_description), members };
}

/** Ticks or unticks a VM; a ticked VM brings its current order and delays. */
export function toggleMember(draft: VAppDraft, vm: CandidateVm, on: boolean): VAppDraft {
  const rest = draft.members.filter((m) => m.vm !== vm.ref);
  return { ...draft, members: on ? [...rest, { vm: vm.ref, order: vm.order, startDelay: vm.startDelay, shutdownDelay: vm.shutdownDelay }] : rest };
}

/** Sets one member's order or delay. */
export function setMember(draft: VAppDraft, vm: string, patch: Partial<Omit<MemberSetting, 'vm'>>): VAppDraft {
  return { ...draft, members: draft.members.map((m) => (m.vm === vm ? { ...m, ...patch } : m)) };
}

const MAX = 2 ** 31 - 1;
const wholeOk = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX;

/** What the name page still needs. */
export function nameProblems(draft: VAppDraft): string[] {
  return draft.name.trim() ? [] : ['Enter a name for the vApp'];
}

/** What the start-sequence page still needs: whole numbers from 0 (xapi refuses a negative order or delay). */
export function sequenceProblems(draft: VAppDraft, nameOf: (vm: string) => string): string[] {
  const out: string[] = [];
  for (const m of draft.members) {
    if (!wholeOk(m.order)) out.push(`${nameOf(m.vm)}: the start order must be a whole number from 0`);
    if (!wholeOk(m.startDelay)) out.push(`${nameOf(m.vm)}: the start delay must be a whole number of seconds from 0`);
    if (!wholeOk(m.shutdownDelay)) out.push(`${nameOf(m.vm)}: the shutdown delay must be a whole number of seconds from 0`);
  }
  return out;
}

/** Chosen VMs that are in another vApp now: they move (XenCenter asks first). */
export function movingVms(draft: VAppDraft, candidates: readonly CandidateVm[], self?: string): CandidateVm[] {
  const chosen = new Set(draft.members.map((m) => m.vm));
  return candidates.filter((vm) => chosen.has(vm.ref) && vm.appliance !== '' && vm.appliance !== self);
}

/** XenCenter's question before moving them (CHANGE_VMS_APPLIANCE). */
export const moveQuestion = (vappName: string, moving: readonly CandidateVm[]): string =>
  `Some of the VMs you selected are already assigned to a different vApp (${moving.map((vm) => `'${vm.name}' in '${vm.applianceName}'`).join(', ')}).\n\nDo you want to assign these VMs to the vApp '${vappName}' instead?`;

export interface SequenceStep { order: number; vms: string[]; at: number }

/** How Start vApp will run the members, as xapi does: groups of equal order ascending, each group starting
 * once the one before has started and waited its longest start delay; `at` is the group's earliest start in
 * seconds from the first (boot times not counted). */
export function startSequence(members: readonly MemberSetting[]): SequenceStep[] {
  const groups = new Map<number, MemberSetting[]>();
  for (const m of members) groups.set(m.order, [...(groups.get(m.order) ?? []), m]);
  let at = 0;
  return [...groups.keys()].sort((a, b) => a - b).map((order) => {
    const g = groups.get(order)!;
    const step = { order, vms: g.map((m) => m.vm), at };
    at += Math.max(...g.map((m) => m.startDelay));
    return step;
  });
}
