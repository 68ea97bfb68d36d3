// Sends a vApp's changes as XenCenter's actions do (CreateVMApplianceAction, the Properties pages,
// DestroyVMApplianceAction): small synchronous calls in order, stopping at the first refusal, which
// the dialog shows. Moving a VM between vApps is one VM.set_appliance: xapi updates both vApps.
import type { Bridge } from '../../bridge/types';
import { NULL_REF } from '../../xapi-model/refs';
import { planCalls, type VAppDraft } from './vapp-model';

const call = (bridge: Bridge, connectionId: string, method: string, args: unknown[]) => bridge.request('xapi.call', { connectionId, method, args });

/** Creates the vApp, then gives it its members with their order and delays; returns its ref. */
export async function createVApp(bridge: Bridge, connectionId: string, draft: VAppDraft): Promise<string> {
  const ref = String(await call(bridge, connectionId, 'VM_appliance.create', [{ name_label: draft.name, name_description: draft.description }]));
  for (const c of planCalls(ref, { ...draft, members: [] }, draft)) await call(bridge, connectionId, c.method, c.args);
  return ref;
}

/** Sends only what changed between `before` and `after`. */
export async function updateVApp(bridge: Bridge, connectionId: string, ref: string, before: VAppDraft, after: VAppDraft): Promise<void> {
  for (const c of planCalls(ref, before, after)) await call(bridge, connectionId, c.method, c.args);
}

/** Deletes the vApps: their VMs leave them first, then each goes (VMs are kept, as in XenCenter). */
export async function deleteVApps(bridge: Bridge, connectionId: string, vapps: ReadonlyArray<{ ref: string; vms: readonly string[] }>): Promise<void> {
  for (const v of vapps) {
    for (const vm of v.vms) await call(bridge, connectionId, 'VM.set_appliance', [vm, NULL_REF]);
    await call(bridge, connectionId, 'VM_appliance.destroy', [v.ref]);
  }
}
