// Certificates: the user's answer to a certificate question (events certificate.prompt/promptClosed).
import { bool, exactKeys, str, type Validators } from '../checks';

export interface CertificateRequests {
  'certificate.answer': { args: { promptId: string; accept: boolean }; result: null };
}

export const CERTIFICATE_VALIDATORS: Validators<CertificateRequests> = {
  'certificate.answer': (o) => {
    exactKeys(o, ['promptId', 'accept']);
    return { promptId: str(o, 'promptId'), accept: bool(o, 'accept') };
  },
};
