// Every feature of the app, in the order their contributions register (ties in a menu group keep this
// order). Adding a feature: its folder under features/, and one line here.
import type { Feature } from '../framework/feature';
import { serversFeature } from './servers';
import { newVmFeature } from './new-vm';
import { vmPowerFeature } from './vm-power';
import { migrateFeature } from './migrate';
import { vmLifecycleFeature } from './vm-lifecycle';
import { transferFeature } from './transfer';
import { poolMembershipFeature } from './pool-membership';
import { haFeature } from './ha';
import { statusReportFeature } from './status-report';
import { updatesFeature } from './updates';
import { hostMaintenanceFeature } from './host-maintenance';
import { operationsFeature } from './operations';
import { generalFeature } from './general';
import { storageFeature } from './storage';
import { networkingFeature } from './networking';
import { consoleFeature } from './console';
import { performanceFeature } from './performance';
import { tagsFeature } from './tags';
import { memoryFeature } from './memory';
import { vmPropertiesFeature } from './vm-properties';
import { templatesFeature } from './templates';
import { objectPropertiesFeature } from './object-properties';
import { srCommandsFeature } from './sr-commands';
import { physicalStorageFeature } from './physical-storage';
import { newSrFeature } from './new-sr';
import { organizeFeature } from './organize';
import { searchFeature } from './search';
import { vappsFeature } from './vapps';
import { historyFeature } from './history';
import { usersFeature } from './users';
import { snapshotSchedulesFeature } from './snapshot-schedules';

export const FEATURES: readonly Feature[] = [
  serversFeature,
  newVmFeature,
  vmPowerFeature,
  migrateFeature,
  vmLifecycleFeature,
  transferFeature,
  poolMembershipFeature,
  haFeature,
  statusReportFeature,
  updatesFeature,
  hostMaintenanceFeature,
  operationsFeature,
  generalFeature,
  storageFeature,
  networkingFeature,
  consoleFeature,
  performanceFeature,
  tagsFeature,
  memoryFeature,
  vmPropertiesFeature,
  templatesFeature,
  objectPropertiesFeature,
  srCommandsFeature,
  physicalStorageFeature,
  newSrFeature,
  organizeFeature,
  searchFeature,
  vappsFeature,
  historyFeature,
  usersFeature,
  snapshotSchedulesFeature,
];
