// Sends a vApp's changes. Creating and editing are one request each (vapps.create / vapps.update): main
// runs them on one task and undoes what it did when a call fails, so a refusal never leaves a vApp half
// set. Deleting follows XenCenter's DestroyVMApplianceAction: small synchronous calls in order, stopping at
// the first refusal, which the dialog shows (the VMs leave each vApp first and are kept).
import type { Bridge } from '../../bridge/types';
import { NULL_REF } from '../../xapi-model/refs';
import type { VAppDraft } from './vapp-model';

const call = (bridge: Bridge, connectionId: string, method: string, args: unknown[]) => bridge.request('xapi.call', { connectionId, method, args });

/** The request's form of a draft. */
const spec = (connectionId: string, draft: VAppDraft) => ({
  connectionId, name: draft.name.trim(), description: draft.description,
  members: draft.members.map((m) => ({ vmRef: m.vm, order: m.order, startDelay: m.startDelay, shutdownDelay: m.shutdownDelay })),
});

/** Creates the vApp with its members, their order and delays; returns its ref. */
export async function createVApp(bridge: Bridge, connectionId: string, draft: VAppDraft): Promise<string> {
  return (await bridge.request('vapps.create', spec(connectionId, draft))).vappRef;
}

/** Makes vApp `ref` what the draft says (main sends only what differs from the server's records). */
export async function updateVApp(bridge: Bridge, connectionId: string, ref: string, draft: VAppDraft): Promise<void> {
  await bridge.request('vapps.update', { ...spec(connectionId, draft), vappRef: ref });
}

/** Deletes the vApps: their VMs leave them first, then each goes (VMs are kept, as in XenCenter). */
export async function deleteVApps(bridge: Bridge, connectionId: string, vapps: ReadonlyArray<{ ref: string; vms: readonly string[] }>): Promise<void> {
  for (const v of vapps) {
    for (const vm of v.vms) await call(bridge, connectionId, 'VM.set_appliance', [vm, NULL_REF]);
    await call(bridge, connectionId, 'VM_appliance.destroy', [v.ref]);
  }
}
