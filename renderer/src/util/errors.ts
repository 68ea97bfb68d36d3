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
};

function stripStop(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}

/** Words for an error (no code). */
export function errorWords(err: Pick<ErrorInfo, 'code'> & Partial<ErrorInfo>): string {
  const friendly = FRIENDLY[err.code];
  if (friendly) return friendly;
  const known = XAPI_ERRORS[err.code];
  if (known) return stripStop(known.doc);
  if (err.message && err.message !== err.code) return stripStop(err.message);
  return 'The operation failed';
}

/** Parameters with their documented names, e.g. "vm: OpaqueRef:…, expected: halted". */
export function errorParamsText(err: Pick<ErrorInfo, 'code' | 'params'>): string {
  const params = err.params ?? [];
  if (params.length === 0) return '';
  const names = XAPI_ERRORS[err.code]?.params ?? [];
  return params.map((p, i) => (names[i] ? `${names[i]}: ${p}` : p)).join(', ');
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
