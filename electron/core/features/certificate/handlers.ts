// Certificates: the user's answer to a certificate question (trust/certificate-flow.ts).
import type { CertificateRequests } from '../../../../shared/ipc/areas/certificate';
import type { HandlerSlice } from '../context';

export const CERTIFICATE_HANDLERS: HandlerSlice<CertificateRequests> = {
  'certificate.answer': async ({ promptId, accept }, ctx) => {
    await ctx.certificates.answer(promptId, accept);
    return null;
  },
};
