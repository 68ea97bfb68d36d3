// What main and the renderer agree on about a host's maintenance flows (host.maintenance request).
// "Maintenance mode" is a client convention, not a XAPI state: XenCenter disables the host, evacuates
// it and marks it with other_config MAINTENANCE_MODE=true, and clears the mark when it re-enables it,
// so every client can tell a host taken out for maintenance from one that is merely disabled.

export const MAINTENANCE_MODE_KEY = 'MAINTENANCE_MODE';

/**
 * enter: mark, host.disable, Async host.evacuate. exit: host.enable, clear the mark.
 * reboot / shutdown: host.disable, clean shutdown of the VMs the user agreed to stop, Async
 * host.evacuate, then host.reboot / host.shutdown (XAPI refuses them on an enabled host).
 */
export type HostMaintenanceAction = 'enter' | 'exit' | 'reboot' | 'shutdown';
export const HOST_MAINTENANCE_ACTIONS: readonly HostMaintenanceAction[] = ['enter', 'exit', 'reboot', 'shutdown'];

/** Disabled and marked by a client: what the General tab and the tree call maintenance mode. */
export function isInMaintenanceMode(host: { enabled?: unknown; other_config?: unknown } | undefined): boolean {
  if (!host || host.enabled !== false) return false;
  const oc = host.other_config;
  return typeof oc === 'object' && oc !== null && (oc as Record<string, unknown>)[MAINTENANCE_MODE_KEY] === 'true';
}
