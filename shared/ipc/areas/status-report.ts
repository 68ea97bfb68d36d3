// Server Status Report (Tools > Server Status Report…, XenCenter's BugToolWizard): the hosts'
// capabilities, then main collecting each host's GET /system-status tar into one zip, its progress
// polled per host. The session and the bytes stay in main; the renderer sees names, states and counts.
import { ContractError, exactKeys, isPlainObject, ref, str, type Validators } from '../checks';
import type { ErrorInfo } from '../model';

/** One capability of xen-bugtool (host.get_system_status_capabilities); sizes/times -1 = unknown. */
export interface StatusCapability {
  key: string;
  contentType: string;
  defaultChecked: boolean;
  minSize: number;
  maxSize: number;
  minTime: number;
  maxTime: number;
  /** Personally identifiable information: yes / no / maybe / customized. */
  pii: 'yes' | 'no' | 'maybe' | 'customized';
}

export interface StatusReportHost { connectionId: string; hostRef: string }

export type StatusHostState = 'waiting' | 'collecting' | 'done' | 'failed' | 'cancelled';

export interface StatusReportHostProgress extends StatusReportHost {
  name: string;
  state: StatusHostState;
  /** Bytes received so far. */
  bytes: number;
  /** The zip entry the host's tar went into (done). */
  entry?: string;
  error?: ErrorInfo;
}

export interface StatusReportProgress {
  /** collecting: hosts under way; zipping; saved (the zip is written); failed (nothing saved); cancelled. */
  state: 'collecting' | 'zipping' | 'saved' | 'failed' | 'cancelled';
  fileName: string;
  hosts: StatusReportHostProgress[];
  /** The client's own entries in the zip (client-logs chosen): its log, Coordinators.txt, Metadata.json. */
  clientEntries?: string[];
  /** Browser host, once saved: download GET /transfer/<transferId> within 60 s. */
  transferId?: string;
  error?: ErrorInfo;
}

export interface StatusReportRequests {
  /** The host's capabilities (host.get_system_status_capabilities, parsed; XenCenter skips "CVSM"). */
  'statusReport.capabilities': { args: StatusReportHost; result: { capabilities: StatusCapability[] } };
  /**
   * Starts collecting `capabilities` from each host into the zip `fileName`. Electron: main first asks
   * where to save it (cancelling the dialog rejects with TRANSFER_CANCELLED). Browser host: the zip is
   * offered as a download once saved (progress.transferId).
   */
  'statusReport.start': { args: { hosts: StatusReportHost[]; capabilities: string[]; fileName: string }; result: { reportId: string } };
  'statusReport.progress': { args: { reportId: string }; result: StatusReportProgress };
  /** Stops the hosts still collecting; nothing is saved. */
  'statusReport.cancel': { args: { reportId: string }; result: Record<string, never> };
}

/**
 * The client's own item of the report (XenCenter's "client-logs", its "XenCenter logs"): not a host
 * capability. With it main adds to the zip the client's log, which servers are coordinators, and its
 * metadata (version, build, connections, the Events history); never a session or password.
 */
export const CLIENT_LOGS_KEY = 'client-logs';

/** The HTTP action a report is (GET /system-status): a session below its role cannot collect one. */
export const STATUS_REPORT_ACTION = 'http/get_system_status';

/** XenCenter's reason (RBAC_GET_SYSTEM_STATUS_BLOCKED) for a server whose connection's role is too low. */
export const statusReportBlocked = (roleWords: string): string =>
  `A ${roleWords} user cannot download system status reports. Log in as a different user with sufficient privileges and try again.`;

const MAX_HOSTS = 256;
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** A zip file name: no folders, no control or reserved characters, ending .zip. */
export function statusReportFileNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Enter a file name.';
  if (name.length > 255) return 'The file name is too long.';
  if ([...name].some((ch) => ch.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(ch))) return 'The file name cannot contain \\ / : * ? " < > | or control characters.';
  if (!name.toLowerCase().endsWith('.zip')) return 'The file name must end with .zip.';
  return undefined;
}

function host(v: unknown): StatusReportHost {
  if (!isPlainObject(v)) throw new ContractError('"hosts" must be a list of { connectionId, hostRef }');
  exactKeys(v, ['connectionId', 'hostRef']);
  return { connectionId: str(v, 'connectionId'), hostRef: ref(v, 'hostRef') };
}

export const STATUS_REPORT_VALIDATORS: Validators<StatusReportRequests> = {
  'statusReport.capabilities': (o) => host(o),
  'statusReport.start': (o) => {
    exactKeys(o, ['hosts', 'capabilities', 'fileName']);
    const { hosts, capabilities } = o;
    if (!Array.isArray(hosts) || hosts.length === 0 || hosts.length > MAX_HOSTS) throw new ContractError(`"hosts" must list 1 to ${MAX_HOSTS} servers`);
    if (!Array.isArray(capabilities) || capabilities.length === 0 || capabilities.length > 256 || !capabilities.every((k) => typeof k === 'string' && KEY.test(k))) {
      throw new ContractError('"capabilities" must list capability keys');
    }
    const fileName = str(o, 'fileName');
    const problem = statusReportFileNameProblem(fileName);
    if (problem) throw new ContractError(`"fileName": ${problem}`);
    return { hosts: hosts.map(host), capabilities: capabilities as string[], fileName };
  },
  'statusReport.progress': (o) => { exactKeys(o, ['reportId']); return { reportId: str(o, 'reportId') }; },
  'statusReport.cancel': (o) => { exactKeys(o, ['reportId']); return { reportId: str(o, 'reportId') }; },
};
