// Every feature's request handlers, merged. The type makes a RequestMap channel without a handler
// fail to compile; AppCore routes each validated request here.
import type { RequestChannel } from '../../../shared/ipc/contract';
import type { Handler } from './context';
import { SERVERS_HANDLERS } from './servers/handlers';
import { CERTIFICATE_HANDLERS } from './certificate/handlers';
import { SETTINGS_HANDLERS } from './settings/handlers';
import { XAPI_HANDLERS } from './xapi/handlers';
import { CONSOLE_HANDLERS } from './console/handlers';
import { TRANSFER_HANDLERS } from './transfer/handlers';
import { POOL_HANDLERS } from './pool/handlers';
import { VM_HANDLERS } from './vm/handlers';
import { HOST_HANDLERS } from './host/handlers';
import { NETWORK_HANDLERS } from './network/handlers';
import { METRICS_HANDLERS } from './metrics/handlers';
import { VM_PROPERTIES_HANDLERS } from './vm-properties/handlers';
import { STORAGE_HANDLERS } from './storage/handlers';
import { OBJECT_PROPERTIES_HANDLERS } from './object-properties/handlers';
import { SR_HANDLERS } from './sr/handlers';
import { SR_WIZARD_HANDLERS } from './sr-wizard/handlers';
import { HA_HANDLERS } from './ha/handlers';
import { USERS_HANDLERS } from './users/handlers';
import { STATUS_REPORT_HANDLERS } from './status-report/handlers';
import { UPDATES_HANDLERS } from './updates/handlers';
import { VAPPS_HANDLERS } from './vapps/handlers';
import { MENU_HANDLERS } from './menu/handlers';

export const HANDLERS: { readonly [C in RequestChannel]: Handler<C> } = {
  ...SERVERS_HANDLERS,
  ...CERTIFICATE_HANDLERS,
  ...SETTINGS_HANDLERS,
  ...XAPI_HANDLERS,
  ...CONSOLE_HANDLERS,
  ...TRANSFER_HANDLERS,
  ...POOL_HANDLERS,
  ...VM_HANDLERS,
  ...HOST_HANDLERS,
  ...NETWORK_HANDLERS,
  ...METRICS_HANDLERS,
  ...VM_PROPERTIES_HANDLERS,
  ...STORAGE_HANDLERS,
  ...OBJECT_PROPERTIES_HANDLERS,
  ...SR_HANDLERS,
  ...SR_WIZARD_HANDLERS,
  ...HA_HANDLERS,
  ...USERS_HANDLERS,
  ...STATUS_REPORT_HANDLERS,
  ...UPDATES_HANDLERS,
  ...VAPPS_HANDLERS,
  ...MENU_HANDLERS,
};
