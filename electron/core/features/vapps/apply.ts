// vapps.create / vapps.update: XenCenter's CreateVMApplianceAction and the vApp Properties pages, on one
// task.create task (ClientTask) so every client's Events panel shows one row with its steps. Main
// compares the wanted vApp with the server's records read now (another client may have changed them),
// sends only what differs, and journals each call's inverse: when a call fails, what was done is undone
// (a new vApp destroyed, each VM given back its appliance, order and delays) and the task and the
// request end with that call's XAPI error.
import { ClientTask } from '../../tasks/client-task';
import { TypedXapi } from '../../xapi/typed-client';
import type { Connection } from '../../connection/connection';
import type { VAppMember, VAppSpec, VAppUpdate } from '../../../../shared/ipc/areas/vapps';
import { UndoJournal } from './journal';

type Log = (m: string) => void;
type Ref<C extends string> = import('../../../../shared/xapi/types.generated').Ref<C>;
const NULL_REF = 'OpaqueRef:NULL';

/** The fields of a VM a vApp sets. */
interface VmPlace { appliance: string; order: number; startDelay: number; shutdownDelay: number }

const num = (v: unknown): number => Number(v) || 0;

async function readPlace(x: TypedXapi, vm: string): Promise<VmPlace> {
  const r = await x.call('VM.get_record', vm as Ref<'VM'>);
  return { appliance: String(r.appliance || NULL_REF), order: num(r.order), startDelay: num(r.start_delay), shutdownDelay: num(r.shutdown_delay) };
}

/** One flow's calls: each made, then its inverse journaled. */
class VAppWriter {
  readonly journal = new UndoJournal();
  constructor(private readonly x: TypedXapi) {}

  async setPlace(vm: string, from: VmPlace, to: VmPlace): Promise<void> {
    const x = this.x;
    const v = vm as Ref<'VM'>;
    if (from.appliance !== to.appliance) {
      await x.call('VM.set_appliance', v, to.appliance as Ref<'VM_appliance'>);
      this.journal.push(`${vm}'s vApp`, () => x.call('VM.set_appliance', v, from.appliance as Ref<'VM_appliance'>));
    }
    if (from.order !== to.order) {
      await x.call('VM.set_order', v, to.order);
      this.journal.push(`${vm}'s start order`, () => x.call('VM.set_order', v, from.order));
    }
    if (from.startDelay !== to.startDelay) {
      await x.call('VM.set_start_delay', v, to.startDelay);
      this.journal.push(`${vm}'s start delay`, () => x.call('VM.set_start_delay', v, from.startDelay));
    }
    if (from.shutdownDelay !== to.shutdownDelay) {
      await x.call('VM.set_shutdown_delay', v, to.shutdownDelay);
      this.journal.push(`${vm}'s shutdown delay`, () => x.call('VM.set_shutdown_delay', v, from.shutdownDelay));
    }
  }
}

const place = (vapp: string, m: VAppMember): VmPlace => ({ appliance: vapp, order: m.order, startDelay: m.startDelay, shutdownDelay: m.shutdownDelay });

/** Runs `work` on a new client task; on failure rolls back its journal, fails the task and rethrows. */
async function onTask<T>(c: Connection, title: string, log: Log, work: (task: ClientTask, w: VAppWriter) => Promise<T>): Promise<T & { taskRef: string }> {
  const task = await ClientTask.create(c, title);
  const writer = new VAppWriter(TypedXapi.fromConnection(c));
  try {
    const out = await work(task, writer);
    await task.succeed();
    return { ...out, taskRef: task.ref };
  } catch (e) {
    log(`${title} failed: ${(e as Error).message}`);
    await task.step('Undoing the changes made', 0.99);
    const left = await writer.journal.rollback(log);
    if (left.length) log(`${title}: ${left.length} change(s) could not be undone: ${left.join(', ')}`);
    await task.fail(e);
    throw e;
  }
}

async function placeMembers(c: Connection, x: TypedXapi, task: ClientTask, w: VAppWriter, vapp: string, members: readonly VAppMember[], from: number): Promise<void> {
  for (const [i, m] of members.entries()) {
    const before = await readPlace(x, m.vmRef);
    const name = String(c.cache.get('vm', m.vmRef)?.name_label ?? '') || m.vmRef;
    await task.step(`Adding ${name} to the vApp`, from + ((0.95 - from) * i) / Math.max(1, members.length));
    await w.setPlace(m.vmRef, before, place(vapp, m));
  }
}

export function createVApp(c: Connection, spec: VAppSpec, log: Log): Promise<{ vappRef: string; taskRef: string }> {
  return onTask(c, `Creating vApp '${spec.name}'`, log, async (task, w) => {
    const x = TypedXapi.fromConnection(c);
    await task.step('Creating the vApp', 0);
    // The data model types the argument as a full record; xapi fills what a create leaves out.
    const vappRef = String(await c.call('VM_appliance.create', [{ name_label: spec.name, name_description: spec.description }]));
    w.journal.push('the new vApp', () => x.call('VM_appliance.destroy', vappRef as Ref<'VM_appliance'>));
    await placeMembers(c, x, task, w, vappRef, spec.members, 0.1);
    return { vappRef };
  });
}

export function updateVApp(c: Connection, spec: VAppUpdate, log: Log): Promise<{ taskRef: string }> {
  return onTask(c, `Updating vApp '${spec.name}'`, log, async (task, w) => {
    const x = TypedXapi.fromConnection(c);
    const v = spec.vappRef as Ref<'VM_appliance'>;
    const rec = await x.call('VM_appliance.get_record', v);
    if (rec.name_label !== spec.name) {
      await x.call('VM_appliance.set_name_label', v, spec.name);
      w.journal.push('the vApp\'s name', () => x.call('VM_appliance.set_name_label', v, rec.name_label));
    }
    if (rec.name_description !== spec.description) {
      await x.call('VM_appliance.set_name_description', v, spec.description);
      w.journal.push('the vApp\'s description', () => x.call('VM_appliance.set_name_description', v, rec.name_description));
    }
    const wanted = new Set(spec.members.map((m) => m.vmRef));
    const leaving = rec.VMs.map(String).filter((vm) => !wanted.has(vm));
    for (const vm of leaving) {
      await task.step('Removing VMs from the vApp', 0.05);
      const before = await readPlace(x, vm);
      await w.setPlace(vm, before, { ...before, appliance: NULL_REF });
    }
    await placeMembers(c, x, task, w, spec.vappRef, spec.members, 0.1);
    return {};
  });
}
