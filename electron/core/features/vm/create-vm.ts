// New VM (XenCenter's wizard, CreateVMAction): one request, run here step by step on one task.
// Order: clone the template (or copy it, when a custom template's disks go to another SR) with
// the new name → description and home server → the "disks" XML rewritten to the chosen SRs and
// sizes → VM.provision (the VM stops being a template; VCPU and memory setters are refused on
// templates) → grow copied disks → VCPUs in a safe order, topology, memory limits in one call
// (SEMANTICS.md 4) → installation media → interfaces → start (on the home server when set).
// A failure after the clone removes the half-made VM and its new disks, and the task says so.
import type { NewVmSpec } from '../../../../shared/new-vm/spec';
import { vcpuCalls } from '../../../../shared/new-vm/cpu-memory';
import { TypedXapi } from '../../xapi/typed-client';
import { XapiError } from '../../xapi/errors';
import { ClientTask, type TaskConnection } from '../../tasks/client-task';
import { growDisks, installMedia, nameProvisionedDisks, removeVm, replaceVifs, rewriteDisks, templateDisks } from './create-vm-steps';

/** Clone, copy, provision and start can take long on real storage; setters return at once anyway. */
const CALL_TIMEOUT_MS = 60 * 60_000;
const NULL_REF = 'OpaqueRef:NULL';

export interface NewVmRun {
  taskRef: string;
  /** The new VM's ref; rejects with the failing step's XapiError (after the cleanup). */
  done: Promise<string>;
}

/** What a run needs of a Connection: calls may be given a longer timeout. */
export interface NewVmConnection extends TaskConnection {
  call<T = unknown>(method: string, args: readonly unknown[], timeoutMs?: number): Promise<T>;
}

/**
 * Creates the task and starts the run; resolves once the task exists (the Events panel follows it:
 * one row, with the step being run, or the one that failed, in other_config STEP_KEY).
 */
export async function startCreateVm(c: NewVmConnection, spec: NewVmSpec): Promise<NewVmRun> {
  const task = await ClientTask.create(c, `New VM '${spec.name}'`, { description: 'Creating a VM from a template' });
  const done = runCreateVm(c, spec, task);
  done.catch(() => undefined);
  return { taskRef: task.ref, done };
}

async function runCreateVm(c: NewVmConnection, spec: NewVmSpec, task: ClientTask): Promise<string> {
  const x = TypedXapi.fromConnection({ call: (m, a) => c.call(m, a, CALL_TIMEOUT_MS) });
  let step = '';
  const at = async (name: string, progress: number) => { step = name; await task.step(name, progress); };
  let vm: string | undefined;
  try {
    await at('Reading the template', 0.02);
    const tpl = await x.call('VM.get_record', spec.templateRef);
    const own = await templateDisks(x, tpl);
    const copyTo = spec.templateDiskSr && own.some((d) => d.sr !== spec.templateDiskSr) ? spec.templateDiskSr : null;
    await at(copyTo ? 'Copying the template' : 'Cloning the template', 0.05);
    vm = copyTo ? await x.call('VM.copy', spec.templateRef, spec.name, copyTo) : await x.call('VM.clone', spec.templateRef, spec.name);

    await at('Setting the description and home server', 0.35);
    await x.call('VM.set_name_description', vm, spec.description);
    await x.call('VM.set_affinity', vm, spec.homeHostRef ?? NULL_REF);

    await at('Provisioning disks', 0.4);
    await rewriteDisks(x, vm, tpl, spec);
    await x.call('VM.provision', vm);
    await nameProvisionedDisks(x, vm, tpl, spec.name);
    await growDisks(x, vm, own, spec);

    await at('Setting vCPUs and memory', 0.65);
    for (const [method, n] of vcpuCalls({ max: tpl.VCPUs_max, atStartup: tpl.VCPUs_at_startup }, { max: spec.vcpusMax, atStartup: spec.vcpusAtStartup })) {
      await x.call(method, vm, n);
    }
    await x.call('VM.remove_from_platform', vm, 'cores-per-socket');
    if (spec.coresPerSocket !== null) await x.call('VM.add_to_platform', vm, 'cores-per-socket', String(spec.coresPerSocket));
    await x.call('VM.set_memory_limits', vm, tpl.memory_static_min, spec.memory.staticMax, spec.memory.dynamicMin, spec.memory.dynamicMax);

    await at('Inserting the installation media', 0.72);
    await installMedia(x, vm, tpl, spec);

    await at('Creating network interfaces', 0.78);
    await replaceVifs(x, vm, spec);

    if (spec.start) {
      await at('Starting the VM', 0.85);
      if (spec.homeHostRef) await x.call('VM.start_on', vm, spec.homeHostRef, false, false);
      else await x.call('VM.start', vm, false, false);
    }
    await task.succeed(`<value>${vm}</value>`);
    return vm;
  } catch (e) {
    const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
    if (vm) {
      const left = await removeVm(x, vm);
      const what = left
        ? `the incomplete VM could not be removed: ${left.code} ${left.params.join(' ')}`.trim()
        : 'the incomplete VM and its new disks were removed';
      await task.step(`${step}; ${what}`);
    }
    await task.fail(err);
    throw new XapiError(err.code, err.params, { message: `${step}: ${err.message}`, fromServer: err.fromServer });
  }
}
