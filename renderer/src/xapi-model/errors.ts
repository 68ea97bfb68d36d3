// Every failure is shown as words plus its code.
import type { ErrorInfo } from '../../../shared/ipc/contract';
import { XAPI_ERRORS } from '../../../shared/xapi/errors.generated';

/** Clearer words for the errors users meet most (XAPI's docs are written for API users). */
const FRIENDLY: Record<string, string> = {
  SESSION_AUTHENTICATION_FAILED: 'The user name or password is incorrect',
  HOST_IS_SLAVE: 'This server is a pool member; connect to the pool coordinator instead',
  RBAC_PERMISSION_DENIED: 'You do not have permission to do this',
  VM_BAD_POWER_STATE: 'The VM is not in the right power state for this operation',
  TASK_CANCELLED: 'The task was cancelled',
  CERTIFICATE_REJECTED: "The server's certificate was not accepted, so nothing was sent to the server",
  CERTIFICATE_CHANGED: "The server's certificate has changed since it was accepted, and the new one was not accepted",
  MAIN_PASSWORD_INCORRECT: 'The main password is incorrect',
  IMPORT_INVALID: 'The file is not a valid server list',
  SERVER_USES_HTTP: 'The server answered in plain HTTP, not HTTPS',
  MAC_IN_USE: 'Another VM already has this MAC address',
  // pool.join's refusals, undocumented in the data model.
  JOINING_HOST_CANNOT_HAVE_RUNNING_VMS: 'The server joining the pool cannot have any running VMs',
  JOINING_HOST_CANNOT_HAVE_RUNNING_OR_SUSPENDED_VMS: 'The server joining the pool cannot have any running or suspended VMs',
  JOINING_HOST_CANNOT_CONTAIN_SHARED_SRS: 'The server joining the pool cannot have any shared storage',
};

/** The data model's placeholder for an error it does not document: no words for a person. */
const UNDOCUMENTED = /^\(no documentation/;
const ACRONYMS = new Map(['VM', 'SR', 'VDI', 'VIF', 'VBD', 'PBD'].flatMap((a) => [[a, a], [`${a}S`, `${a}s`]])
  .concat(['HA', 'IO', 'CA', 'TLS', 'FIPS', 'ID'].map((a) => [a, a])) as Array<[string, string]>);

/** "VDI_IO_ERROR" -> "VDI IO error": the code as words, when nothing better is known. */
function codeAsWords(code: string): string {
  const words = code.split('_').filter(Boolean).map((w) => ACRONYMS.get(w) ?? w.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripStop(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}

/** Words for an error (no code). */
export function errorWords(err: Pick<ErrorInfo, 'code'> & Partial<ErrorInfo>): string {
  // Main's words for a request whose outcome is unknown (the connection dropped after it was sent)
  // matter more than the code's generic text: show them in full.
  if (err.message && /may or may not have run/.test(err.message)) return stripStop(err.message);
  const friendly = FRIENDLY[err.code];
  if (friendly) return friendly;
  const known = XAPI_ERRORS[err.code];
  if (known && !UNDOCUMENTED.test(known.doc)) return stripStop(known.doc);
  if (err.message && err.message !== err.code) return stripStop(err.message);
  if (known) return codeAsWords(err.code);
  return 'The operation failed';
}

/** Parameters with their documented names, e.g. "vm: OpaqueRef:…, expected: halted". */
export function errorParamsText(err: Pick<ErrorInfo, 'code' | 'params'>): string {
  const params = err.params ?? [];
  if (params.length === 0) return '';
  const names = XAPI_ERRORS[err.code]?.params ?? [];
  return params.map((p, i) => (names[i] ? `${names[i]}: ${p}` : p)).join(', ');
}

/** A ref's name, when the caller knows it (the cache mirror of the error's connection). */
export type NameOf = (ref: string) => string | undefined;
const REF_IN_TEXT = /OpaqueRef:[0-9A-Za-z-]+/g;

/**
 * The parameters with the objects named ("vm: 'web-01', sr: 'Local storage on xcp-host-02'") and,
 * when any ref was named, the refs for a details line (errorParamsText); refs nobody knows stay.
 */
export function errorParamsNamed(err: Pick<ErrorInfo, 'code' | 'params'>, nameOf: NameOf): { text: string; refs: string } {
  const params = err.params ?? [];
  const names = XAPI_ERRORS[err.code]?.params ?? [];
  let named = false;
  const text = params.map((p, i) => {
    const value = String(p).replace(REF_IN_TEXT, (ref) => {
      const name = nameOf(ref);
      if (name === undefined) return ref;
      named = true;
      return `'${name}'`;
    });
    return names[i] ? `${names[i]}: ${value}` : value;
  }).join(', ');
  return { text, refs: named ? errorParamsText(err) : '' };
}

/** "Words (CODE)". */
export function errorText(err: Pick<ErrorInfo, 'code'> & Partial<ErrorInfo>): string {
  return `${errorWords(err)} (${err.code})`;
}

/** From a task's error_info: [code, ...params]. */
export function taskErrorInfo(errorInfo: string[]): ErrorInfo {
  const [code = 'INTERNAL_ERROR', ...params] = errorInfo;
  return { code, params, message: '' };
}
