// Server (host) commands, as XenCenter's Server menu and a host's context menu have them. Each is
// enabled from the host's allowed_operations, enabled and host_metrics.live (host-state.ts).
// The flows of several calls (enter/exit maintenance mode, reboot, shut down) are one
// host.maintenance request each, run in main and followed as one task; Power On and Restart
// Toolstack are single Async calls. Reboot…, Shut Down…, Enter Maintenance Mode… and Restart
// Toolstack… open their confirmation first (HostDialogs.tsx).
import type { HostMaintenanceAction } from '../../../../shared/host/maintenance';
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import {
  canEnterMaintenance, canExitMaintenance, canPowerDown, canPowerOn, canRestartToolstack, liveHostBlocker, notLiveBlocker, powerOnBlocker, selectedHost,
} from './host-state';
import type { StoreView } from '../../state/store';
import { record } from '../../xapi-model/records';

/** Events panel titles; the same words main gives the flow's task ("<title> '<host>'"). */
export const HOST_TITLES = {
  enter: 'Entering maintenance mode',
  exit: 'Exiting maintenance mode',
  reboot: 'Rebooting server',
  shutdown: 'Shutting down server',
  powerOn: 'Powering on server',
  restartToolstack: 'Restarting toolstack',
} as const;

const hostName = (store: StoreView | undefined, t: SelectedObject): string | undefined => {
  const n = store ? record(store, t.connectionId, 'host', t.ref)?.name_label : undefined;
  return typeof n === 'string' && n ? n : undefined;
};

/** Starts a maintenance flow in main; the outcome carries its task for the Events panel. */
export function runHostMaintenance(
  bridge: Bridge, target: SelectedObject, action: HostMaintenanceAction, store?: StoreView, shutDownVms?: string[],
): Promise<CommandOutcome> {
  return requestOutcome(target, HOST_TITLES[action], hostName(store, target), () => bridge.request('host.maintenance', {
    connectionId: target.connectionId, hostRef: target.ref, action, ...(shutDownVms ? { shutDownVms } : {}),
  }));
}

function hostAsync(bridge: Bridge, target: SelectedObject, method: string, title: string, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, title, hostName(store, target), () => bridge.request('xapi.callAsync', { connectionId: target.connectionId, method, args: [target.ref] }));
}

export const ENTER_MAINTENANCE: Command = {
  id: 'host.enterMaintenance',
  methods: ['host.disable', 'host.evacuate'],
  label: 'Enter Maintenance Mode…',
  dialog: 'enterMaintenance',
  canExecute: (s, store) => canEnterMaintenance(selectedHost(s, store)),
  disabledReason: (s, store) => notLiveBlocker(selectedHost(s, store)) ?? liveHostBlocker(s, selectedHost(s, store), 'enter'),
  // The menus show which VMs move and which prevent it first; without the dialog (tests) it runs.
  execute: async (s, bridge, store) => [await runHostMaintenance(bridge, s[0], 'enter', store)],
};

export const EXIT_MAINTENANCE: Command = {
  id: 'host.exitMaintenance',
  methods: ['host.enable'],
  label: 'Exit Maintenance Mode',
  canExecute: (s, store) => canExitMaintenance(selectedHost(s, store)),
  disabledReason: (s, store) => notLiveBlocker(selectedHost(s, store)) ?? liveHostBlocker(s, selectedHost(s, store), 'exit'),
  execute: async (s, bridge, store) => [await runHostMaintenance(bridge, s[0], 'exit', store)],
};

export const REBOOT_HOST: Command = {
  id: 'host.reboot',
  methods: ['host.disable', 'host.evacuate', 'host.reboot'],
  label: 'Reboot…',
  dialog: 'rebootHost',
  canExecute: (s, store) => canPowerDown(selectedHost(s, store), 'reboot'),
  disabledReason: (s, store) => notLiveBlocker(selectedHost(s, store)) ?? liveHostBlocker(s, selectedHost(s, store), 'reboot'),
  // Without the dialog nobody agreed to shut any VM down: VMs that cannot move stop the flow.
  execute: async (s, bridge, store) => [await runHostMaintenance(bridge, s[0], 'reboot', store)],
};

export const SHUTDOWN_HOST: Command = {
  id: 'host.shutdown',
  methods: ['host.disable', 'host.evacuate', 'host.shutdown'],
  label: 'Shut Down…',
  dialog: 'shutdownHost',
  canExecute: (s, store) => canPowerDown(selectedHost(s, store), 'shutdown'),
  disabledReason: (s, store) => notLiveBlocker(selectedHost(s, store), 'shutdown') ?? liveHostBlocker(s, selectedHost(s, store), 'shutdown'),
  execute: async (s, bridge, store) => [await runHostMaintenance(bridge, s[0], 'shutdown', store)],
};

export const POWER_ON_HOST: Command = {
  id: 'host.powerOn',
  methods: ['host.power_on'],
  label: 'Power On',
  eachObject: true,
  canExecute: (s, store) => canPowerOn(selectedHost(s, store)),
  disabledReason: (s, store) => powerOnBlocker(selectedHost(s, store)),
  execute: (s, bridge, store) => Promise.all(s.map((t) => hostAsync(bridge, t, 'host.power_on', HOST_TITLES.powerOn, store))),
};

export const RESTART_TOOLSTACK: Command = {
  id: 'host.restartToolstack',
  methods: ['host.restart_agent'],
  label: 'Restart Toolstack…',
  dialog: 'restartToolstack',
  canExecute: (s, store) => canRestartToolstack(selectedHost(s, store)),
  disabledReason: (s, store) => notLiveBlocker(selectedHost(s, store)),
  execute: async (s, bridge, store) => [await hostAsync(bridge, s[0], 'host.restart_agent', HOST_TITLES.restartToolstack, store)],
};

/** The host's commands, in XenCenter's order (Server menu, a host's context menu). */
export const HOST_COMMANDS: Command[] = [ENTER_MAINTENANCE, EXIT_MAINTENANCE, REBOOT_HOST, SHUTDOWN_HOST, POWER_ON_HOST, RESTART_TOOLSTACK];
