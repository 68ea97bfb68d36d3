// VM power: Start, Shut Down, Force Shut Down, Reboot, Force Reboot, Suspend, Resume, Pause, Unpause.
import { at, type Feature } from '../../framework/feature';
import { VM_COMMANDS } from './commands';

const ICONS: Record<string, string> = {
  'vm.start': '▶', 'vm.shutdown': '■', 'vm.forceShutdown': '■', 'vm.reboot': '↻', 'vm.forceReboot': '↻',
  'vm.suspend': '☾', 'vm.resume': '▶', 'vm.pause': '❚❚', 'vm.unpause': '▶',
};

export const vmPowerFeature: Feature = {
  id: 'vm-power',
  commands: VM_COMMANDS.map((entry) => ({
    entry, places: [at('menu:vm', 10), at('toolbar', 10, { icon: ICONS[entry.id] }), at('context:vm', 10)],
  })),
};
