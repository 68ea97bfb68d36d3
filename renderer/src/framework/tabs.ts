// Which object kinds get which tabs. A tab is a file.
import { ConsoleTab } from '../features/console/ConsoleTab';
import { GeneralTab } from '../features/general/GeneralTab';
import { PerformanceTab } from '../features/performance/PerformanceTab';
import { StorageTab } from '../features/storage/StorageTab';
import { NetworkingTab } from '../features/networking/NetworkingTab';
import { NicsTab } from '../features/networking/NicsTab';
import { SnapshotsTab } from '../features/vm-lifecycle/SnapshotsTab';
import type { TabDefinition } from './tab';

export const TABS: Record<string, TabDefinition> = {
  general: { id: 'general', title: 'General', component: GeneralTab },
  storage: { id: 'storage', title: 'Storage', component: StorageTab },
  console: { id: 'console', title: 'Console', component: ConsoleTab, fill: true },
  performance: { id: 'performance', title: 'Performance', component: PerformanceTab },
  snapshots: { id: 'snapshots', title: 'Snapshots', component: SnapshotsTab },
  networking: { id: 'networking', title: 'Networking', component: NetworkingTab },
  nics: { id: 'nics', title: 'NICs', component: NicsTab },
};

/** kind: tree node kind ('pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network', 'connection'). */
export const TABS_BY_KIND: Record<string, string[]> = {
  connection: ['general'],
  pool: ['general', 'networking'],
  host: ['general', 'networking', 'nics', 'console', 'performance'],
  vm: ['general', 'storage', 'networking', 'console', 'performance', 'snapshots'],
  template: ['general', 'storage'],
  snapshot: ['general', 'storage'],
  sr: ['general'],
  network: ['general'],
};

export function tabsFor(kind: string): TabDefinition[] {
  return (TABS_BY_KIND[kind] ?? []).map((id) => TABS[id]);
}
