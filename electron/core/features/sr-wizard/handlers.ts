// The New SR wizard's scans and its Finish (sr-wizard/sr-wizard.ts).
import type { SrWizardRequests } from '../../../../shared/ipc/areas/sr-wizard';
import { probeSr, startSrWizard } from './sr-wizard';
import type { HandlerSlice } from '../context';

export const SR_WIZARD_HANDLERS: HandlerSlice<SrWizardRequests> = {
  'srWizard.probe': async (a, ctx) => probeSr(ctx.get(a.connectionId), a),
  'srWizard.finish': async (f, ctx) => startSrWizard(ctx.get(f.connectionId), f, (m) => ctx.log(m)),
};
