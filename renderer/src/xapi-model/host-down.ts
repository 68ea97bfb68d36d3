// What a host that is not live (host_metrics.live=false) is called. XAPI has no power state for a
// host; a clean host.shutdown (or reboot) leaves it disabled with every PBD unplugged (SEMANTICS.md
// 5.4), while a host that lost power or its network keeps both as they were. XenCenter says "Server
// is not reachable" for any host that is not live; a host we can tell was shut down says so.
type Rec = Record<string, unknown>;

export type HostDown = 'shutdown' | 'unreachable';

export const HOST_DOWN_TEXT: Record<HostDown, string> = { shutdown: 'Shut down', unreachable: 'Server is not reachable' };

/** Why a host that is not live is down; `pbd` looks up its PBD records. */
export function hostDown(host: Rec, pbd: (ref: string) => Rec | undefined): HostDown {
  const enabled = host.enabled === true || host.enabled === 'true';
  const pbds = Array.isArray(host.PBDs) ? host.PBDs.map((r) => pbd(String(r))).filter((p): p is Rec => !!p) : [];
  const unplugged = pbds.every((p) => p.currently_attached !== true && p.currently_attached !== 'true');
  return !enabled && unplugged ? 'shutdown' : 'unreachable';
}
