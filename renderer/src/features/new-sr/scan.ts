// The Location page's scans: SR.probe through main (srWizard.probe), its XML or the backend's error
// with the XML of choices it carries, and the words a failed scan shows (sm's text and the code).
import type { Bridge } from '../../bridge/types';
import { toErrorInfo } from '../../bridge/types';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import type { SrWizardSmType } from '../../../../shared/ipc/areas/sr-wizard';
import { errorText } from '../../xapi-model/errors';
import { choicesXml } from './probe-xml';

export interface ProbeAnswer { xml: string; error?: ErrorInfo }

/** The XML a probe answered with, or (an incomplete one) the XML its error carries; `error` when it had none. */
export async function probe(bridge: Bridge, connectionId: string, type: SrWizardSmType, deviceConfig: Record<string, string>): Promise<ProbeAnswer> {
  try {
    const { xml } = await bridge.request('srWizard.probe', { connectionId, type, deviceConfig });
    return { xml };
  } catch (e) {
    const info = toErrorInfo(e);
    const xml = choicesXml(info);
    return xml === undefined ? { xml: '', error: info } : { xml, error: info };
  }
}

/** XenCenter's words for the iSCSI failures it knows (LVMoISCSI.HandleFailure). */
const ISCSI_WORDS: Record<string, string> = {
  SR_BACKEND_FAILURE_68: 'Logging in to the iSCSI target failed',
  SR_BACKEND_FAILURE_140: 'Invalid target host',
  SR_BACKEND_FAILURE_141: 'Unable to connect to iSCSI target',
};

/** An error as the wizard shows it: sm's own text for a backend failure (its 2nd parameter), with the code. */
export function scanErrorText(err: ErrorInfo): string {
  if (err.code.startsWith('SR_BACKEND_FAILURE')) {
    const text = (err.params ?? []).map((p) => String(p).trim()).find((p, i) => i > 0 && p && !p.startsWith('<'));
    const words = text ?? ISCSI_WORDS[err.code];
    if (words) return `${words.replace(/[.\s]+$/, '')} (${err.code})`;
  }
  return errorText(err);
}
