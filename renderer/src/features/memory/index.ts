// Memory: the Memory tab of VMs, hosts and pools, and Memory Settings (the VM tab's "Edit…"; XenCenter
// places it nowhere else, so the command has no menu place: the tab runs it).
import type { Feature } from '../../framework/feature';
import { MEMORY_COMMAND } from './command';
import { MemorySettingsDialog } from './MemorySettingsDialog';
import { MemoryTab } from './MemoryTab';

export const memoryFeature: Feature = {
  id: 'memory',
  commands: [{ entry: MEMORY_COMMAND, places: [] }],
  dialogs: [{ kind: 'vmMemory', component: MemorySettingsDialog }],
  // XenCenter: Memory comes after General and before Storage.
  tabs: [{ tab: { id: 'memory', title: 'Memory', component: MemoryTab }, kinds: ['vm', 'host', 'pool'], order: 5 }],
};
