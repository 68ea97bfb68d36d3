// Which object kinds get which tabs. A tab is a file.
import { ConsoleTab } from './ConsoleTab';
import { GeneralTab } from './GeneralTab';
import { PerformanceTab } from './PerformanceTab';
import { StorageTab } from './StorageTab';
import { SnapshotsTab } from '../lifecycle/SnapshotsTab';
import type { TabDefinition } from './types';

export const TABS: Record<string, TabDefinition> = {
  general: { id: 'general', title: 'General', component: GeneralTab },
  storage: { id: 'storage', title: 'Storage', component: StorageTab },
  console: { id: 'console', title: 'Console', component: ConsoleTab, fill: true },
  performance: { id: 'performance', title: 'Performance', component: PerformanceTab },
  snapshots: { id: 'snapshots', title: 'Snapshots', component: SnapshotsTab },
};

/** kind: tree node kind ('pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network', 'connection'). */
export const TABS_BY_KIND: Record<string, string[]> = {
  connection: ['general'],
  pool: ['general'],
  host: ['general', 'console', 'performance'],
  vm: ['general', 'storage', 'console', 'performance', 'snapshots'],
  template: ['general', 'storage'],
  snapshot: ['general', 'storage'],
  sr: ['general'],
  network: ['general'],
};

export function tabsFor(kind: string): TabDefinition[] {
  return (TABS_BY_KIND[kind] ?? []).map((id) => TABS[id]);
}
