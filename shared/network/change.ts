// The Networking tab's multi-call changes, one bridge request each (network.change): main runs the
// calls on one task.create task. Single calls (VIF.move, network.create/destroy) go over xapi.callAsync.
export type NetworkChange =
  /** VIF.create on the VM's lowest free device, then VIF.plug when the VM runs. mac "" = generated. */
  | { kind: 'addVif'; connectionId: string; vmRef: string; networkRef: string; mac: string }
  /** VIF.unplug when attached to a running VM, then VIF.destroy. */
  | { kind: 'removeVif'; connectionId: string; vifRef: string }
  /** network.create, then pool.create_VLAN_from_PIF on every host; the network goes again on failure. */
  | { kind: 'addVlan'; connectionId: string; pifRef: string; vlan: number; name: string; description: string; mtu: number }
  /** VLAN.destroy of the network's VLAN PIFs, then network.destroy (refused while a VIF is attached). */
  | { kind: 'removeNetwork'; connectionId: string; networkRef: string };

/** Six ':'-separated hex pairs (xapi's MAC_INVALID rule). */
export const MAC_PATTERN = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Why a well-formed MAC cannot be an interface's (broadcast, multicast, all zeros), or ''. */
export function unicastMacProblem(mac: string): string {
  const m = mac.trim().toLowerCase();
  if (m === 'ff:ff:ff:ff:ff:ff') return 'This is the broadcast address; an interface needs a unicast one.';
  if ((parseInt(m.slice(0, 2), 16) & 1) === 1) return 'This is a multicast address; an interface needs a unicast one (even first byte).';
  if (m === '00:00:00:00:00:00') return 'The all-zero address is not a usable MAC address.';
  return '';
}
const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;

/** Checks a request from the renderer; `fail` makes the error to throw. */
export function parseNetworkChange(o: Record<string, unknown>, fail: (m: string) => Error): NetworkChange {
  const keys: Record<string, string[]> = {
    addVif: ['kind', 'connectionId', 'vmRef', 'networkRef', 'mac'],
    removeVif: ['kind', 'connectionId', 'vifRef'],
    addVlan: ['kind', 'connectionId', 'pifRef', 'vlan', 'name', 'description', 'mtu'],
    removeNetwork: ['kind', 'connectionId', 'networkRef'],
  };
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const allowed = keys[kind];
  if (!allowed) throw fail('"kind" must be addVif, removeVif, addVlan or removeNetwork');
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw fail(`unexpected key "${k}"`);
  const s = (k: string, max = 1024): string => {
    const v = o[k];
    if (typeof v !== 'string' || v.length > max) throw fail(`"${k}" must be a string of at most ${max} characters`);
    return v;
  };
  const r = (k: string): string => { const v = s(k); if (!OPAQUE_REF.test(v)) throw fail(`"${k}" must be an OpaqueRef`); return v; };
  const int = (k: string, min: number, max: number): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw fail(`"${k}" must be an integer in ${min}..${max}`);
    return v;
  };
  const connectionId = s('connectionId');
  if (!connectionId) throw fail('"connectionId" must not be empty');
  if (kind === 'addVif') {
    const mac = s('mac', 17);
    if (mac !== '' && !MAC_PATTERN.test(mac)) throw fail('"mac" must be empty or six hex pairs');
    if (mac !== '' && unicastMacProblem(mac)) throw fail(`"mac": ${unicastMacProblem(mac)}`);
    return { kind, connectionId, vmRef: r('vmRef'), networkRef: r('networkRef'), mac };
  }
  if (kind === 'removeVif') return { kind, connectionId, vifRef: r('vifRef') };
  if (kind === 'removeNetwork') return { kind, connectionId, networkRef: r('networkRef') };
  const name = s('name');
  if (!name.trim()) throw fail('"name" must not be empty');
  return { kind: 'addVlan', connectionId, pifRef: r('pifRef'), vlan: int('vlan', 0, 4094), name, description: s('description'), mtu: int('mtu', 68, 9216) };
}
