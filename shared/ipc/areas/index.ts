// The areas of requests, joined: the one place a new area is registered (its slice of the request
// map and its validators). contract.ts takes the type, validate.ts the table.
import { SERVERS_VALIDATORS, type ServersRequests } from './servers';
import { CERTIFICATE_VALIDATORS, type CertificateRequests } from './certificate';
import { SETTINGS_VALIDATORS, type SettingsRequests } from './settings';
import { XAPI_VALIDATORS, type XapiRequests } from './xapi';
import { CONSOLE_VALIDATORS, type ConsoleRequests } from './console';
import { TRANSFER_VALIDATORS, type TransferRequests } from './transfer';
import { POOL_VALIDATORS, type PoolRequests } from './pool';
import { VM_VALIDATORS, type VmRequests } from './vm';
import { HOST_VALIDATORS, type HostRequests } from './host';
import { NETWORK_VALIDATORS, type NetworkRequests } from './network';
import { METRICS_VALIDATORS, type MetricsRequests } from './metrics';
import { VM_PROPERTIES_VALIDATORS, type VmPropertiesRequests } from './vm-properties';
import { STORAGE_VALIDATORS, type StorageRequests } from './storage';
import { OBJECT_PROPERTIES_VALIDATORS, type ObjectPropertiesRequests } from './object-properties';
import { SR_VALIDATORS, type SrRequests } from './sr';
import { SR_WIZARD_VALIDATORS, type SrWizardRequests } from './sr-wizard';
import { HA_VALIDATORS, type HaRequests } from './ha';
import { USERS_VALIDATORS, type UsersRequests } from './users';
import { STATUS_REPORT_VALIDATORS, type StatusReportRequests } from './status-report';
import { UPDATES_VALIDATORS, type UpdatesRequests } from './updates';
import { VAPPS_VALIDATORS, type VAppsRequests } from './vapps';
import { MENU_VALIDATORS, type MenuRequests } from './menu';

export interface AreaRequests extends
  ServersRequests, CertificateRequests, SettingsRequests, XapiRequests, ConsoleRequests, TransferRequests,
  PoolRequests, VmRequests, HostRequests, NetworkRequests, MetricsRequests, VmPropertiesRequests, StorageRequests,
  ObjectPropertiesRequests, SrRequests, SrWizardRequests, HaRequests, UsersRequests,
  StatusReportRequests, UpdatesRequests, VAppsRequests, MenuRequests {}

export const AREA_VALIDATORS = {
  ...SERVERS_VALIDATORS,
  ...CERTIFICATE_VALIDATORS,
  ...SETTINGS_VALIDATORS,
  ...XAPI_VALIDATORS,
  ...CONSOLE_VALIDATORS,
  ...TRANSFER_VALIDATORS,
  ...POOL_VALIDATORS,
  ...VM_VALIDATORS,
  ...HOST_VALIDATORS,
  ...NETWORK_VALIDATORS,
  ...METRICS_VALIDATORS,
  ...VM_PROPERTIES_VALIDATORS,
  ...STORAGE_VALIDATORS,
  ...OBJECT_PROPERTIES_VALIDATORS,
  ...SR_VALIDATORS,
  ...SR_WIZARD_VALIDATORS,
  ...HA_VALIDATORS,
  ...USERS_VALIDATORS,
  ...STATUS_REPORT_VALIDATORS,
  ...UPDATES_VALIDATORS,
  ...VAPPS_VALIDATORS,
  ...MENU_VALIDATORS,
};
