// network.change: the Networking tab's changes of several XAPI calls, each on one task.create task
// (ClientTask) so every client's Events panel shows one row ending with the first error.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import { TypedXapi } from '../../xapi/typed-client';
import type { Connection } from '../../connection/connection';
import type { NetworkChange } from '../../../../shared/network/change';
import type { NetworkRecord, VIFRecord } from '../../../../shared/xapi/types.generated';

type Log = (m: string) => void;
const name = (r: Record<string, unknown> | undefined): string => (typeof r?.name_label === 'string' ? r.name_label : '');

export async function startNetworkChange(c: Connection, ch: NetworkChange, log: Log): Promise<{ taskRef: string }> {
  const task = await ClientTask.create(c, label(c, ch));
  void run(c, task, ch).then(() => task.finish(), (e: unknown) => {
    log(`${label(c, ch)} failed: ${(e as Error).message}`);
    return task.finish(e);
  });
  return { taskRef: task.ref };
}

function label(c: Connection, ch: NetworkChange): string {
  if (ch.kind === 'addVif') return `Adding a virtual interface to ${name(c.cache.get('vm', ch.vmRef))}`.trim();
  if (ch.kind === 'removeVif') return `Removing a virtual interface from ${name(c.cache.get('vm', c.cache.get('vif', ch.vifRef)?.VM as string))}`.trim();
  if (ch.kind === 'removeNetwork') return `Removing network ${name(c.cache.get('network', ch.networkRef))}`.trim();
  return `Creating network ${ch.name}`;
}

async function run(c: Connection, task: ClientTask, ch: NetworkChange): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  if (ch.kind === 'addVif') {
    // Read live, not from the cache: another client may have just taken a device or started the VM.
    const devices = await x.call('VM.get_allowed_VIF_devices', ch.vmRef);
    if (devices.length === 0) throw new XapiError('INVALID_DEVICE', ['autodetect'], { message: 'The VM has no free interface device' });
    const vm = await x.call('VM.get_record', ch.vmRef);
    await task.step('Creating the interface', 0.1);
    // VIF.create reads only the constructor fields; the others are the server's.
    const args: Partial<VIFRecord> = {
      device: devices[0], network: ch.networkRef, VM: ch.vmRef, MAC: ch.mac, MTU: 1500, other_config: {},
      qos_algorithm_type: '', qos_algorithm_params: {}, locking_mode: 'network_default', ipv4_allowed: [], ipv6_allowed: [],
    };
    const vif = await task.runAsync('VIF.create', [args as VIFRecord], 0.1, 0.6);
    // Hot-plug, as XenCenter does for a running VM; a guest without hot-plug keeps it for the next boot.
    if (vm.power_state === 'Running') {
      await task.step('Plugging the interface in', 0.6);
      await task.runAsync('VIF.plug', [vif], 0.6, 0.99);
    }
    return;
  }
  if (ch.kind === 'removeVif') {
    const vif = await x.call('VIF.get_record', ch.vifRef);
    const ops = Array.isArray(vif.allowed_operations) ? vif.allowed_operations : [];
    if (vif.currently_attached === true && ops.includes('unplug')) {
      await task.step('Unplugging the interface', 0.1);
      await task.runAsync('VIF.unplug', [ch.vifRef], 0.1, 0.6);
    }
    await task.step('Removing the interface', 0.6);
    await task.runAsync('VIF.destroy', [ch.vifRef], 0.6, 0.99);
    return;
  }
  if (ch.kind === 'removeNetwork') return removeNetwork(c, task, ch.networkRef);
  await task.step('Creating the network', 0.1);
  const args: Partial<NetworkRecord> = {
    name_label: ch.name, name_description: ch.description, MTU: ch.mtu, other_config: { automatic: 'false' }, bridge: '', managed: true, tags: [],
  };
  const net = await task.runAsync('network.create', [args as NetworkRecord], 0.1, 0.3);
  try {
    await task.step('Creating the VLAN on every server', 0.3);
    await task.runAsync('pool.create_VLAN_from_PIF', [ch.pifRef, net, ch.vlan], 0.3, 0.99);
  } catch (e) {
    // No half-made network left behind: it has no PIFs yet, so it can go.
    await x.call('network.destroy', net).catch(() => undefined);
    throw e;
  }
}

/**
 * XenCenter's network removal: its VLANs go first (network.destroy refuses a network with PIFs), but
 * only after checking, as network.destroy will, that no VIF is attached, so a refused removal leaves
 * the VLANs in place. A network on a physical NIC keeps its PIFs and network.destroy refuses it.
 */
async function removeNetwork(c: Connection, task: ClientTask, networkRef: string): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  const net = await x.call('network.get_record', networkRef);
  const attached: string[] = [];
  for (const vif of strings(net.VIFs)) {
    // `reserved` is not in the generated VIFRecord type: the record is read loosely.
    const r = await x.call('VIF.get_record', vif).catch(() => undefined) as Record<string, unknown> | undefined;
    if (r && (r.currently_attached === true || r.reserved === true)) attached.push(vif);
  }
  if (attached.length > 0) throw new XapiError('NETWORK_CONTAINS_VIF', attached);
  const pifs = strings(net.PIFs);
  for (const [i, pif] of pifs.entries()) {
    const vlan: unknown = await x.call('PIF.get_VLAN_master_of', pif);
    if (typeof vlan !== 'string' || vlan === 'OpaqueRef:NULL') continue;
    await task.step('Removing the VLAN from each server', 0.1 + (0.7 * i) / pifs.length);
    await task.runAsync('VLAN.destroy', [vlan], 0.1 + (0.7 * i) / pifs.length, 0.1 + (0.7 * (i + 1)) / pifs.length);
  }
  await task.step('Removing the network', 0.8);
  await task.runAsync('network.destroy', [networkRef], 0.8, 0.99);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
