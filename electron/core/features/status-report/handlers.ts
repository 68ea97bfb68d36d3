// statusReport.*: the capabilities of a host, and the reports main collects (collector.ts), kept per
// AppCore until a while after they end. Electron asks where the zip goes before starting (its save
// dialog); the browser host gets it as a download (a status-report transfer) once saved.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { CLIENT_LOGS_KEY, STATUS_REPORT_ACTION, statusReportBlocked, type StatusReportRequests } from '../../../../shared/ipc/areas/status-report';
import { missingRole, ROLE_WORDS } from '../../../../shared/xapi/roles';
import { XapiError } from '../../xapi/errors';
import type { CoreContext, HandlerSlice } from '../context';
import { parseCapabilities } from './capabilities';
import { StatusReportJob, type ReportSource } from './collector';
import { clientEntries } from './client-entries';

/** How long a finished report's progress (and the browser host's zip) stays: time to download it. */
const KEEP_MS = 10 * 60_000;
const NULL_REF = 'OpaqueRef:NULL';

const jobsOf = new WeakMap<CoreContext, Map<string, StatusReportJob>>();
function jobs(ctx: CoreContext): Map<string, StatusReportJob> {
  let m = jobsOf.get(ctx);
  if (!m) { m = new Map(); jobsOf.set(ctx, m); }
  return m;
}

function job(ctx: CoreContext, reportId: string): StatusReportJob {
  const j = jobs(ctx).get(reportId);
  if (!j) throw new XapiError('STATUS_REPORT_NOT_FOUND', [reportId], { message: 'This status report is unknown or ended long ago' });
  return j;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The host's connection and where its /system-status is: the coordinator on the connection's own address, others on theirs. */
function source(ctx: CoreContext, connectionId: string, hostRef: string): ReportSource {
  const c = ctx.get(connectionId);
  const host = c.cache.get('host', hostRef);
  if (!host) throw new XapiError('HANDLE_INVALID', ['host', hostRef]);
  // The session's role says before anything is sent whether the server would refuse GET /system-status.
  const role = c.info.role;
  const need = role ? missingRole(role, STATUS_REPORT_ACTION) : undefined;
  if (role && need) {
    throw new XapiError('RBAC_PERMISSION_DENIED', [STATUS_REPORT_ACTION, `No permission in user session. (The ${ROLE_WORDS[need]} role or higher has it.)`],
      { message: statusReportBlocked(ROLE_WORDS[role]) });
  }
  const pool = [...c.cache.getAll('pool').values()][0];
  const master = str(pool?.master);
  const isCoordinator = !master || master === NULL_REF || master === hostRef;
  const address = str(host.address);
  return { connectionId, hostRef, name: str(host.name_label) || str(host.hostname) || address || hostRef, connection: c, ...(isCoordinator || !address ? {} : { address }) };
}

export const STATUS_REPORT_HANDLERS: HandlerSlice<StatusReportRequests> = {
  'statusReport.capabilities': async ({ connectionId, hostRef }, ctx) => {
    const c = ctx.get(connectionId);
    if (!c.cache.get('host', hostRef)) throw new XapiError('HANDLE_INVALID', ['host', hostRef]);
    const xml: unknown = await c.call('host.get_system_status_capabilities', [hostRef]);
    return { capabilities: parseCapabilities(typeof xml === 'string' ? xml : '') };
  },
  'statusReport.start': async ({ hosts, capabilities, fileName }, ctx) => {
    const sources = hosts.map((h) => source(ctx, h.connectionId, h.hostRef));
    let destination: string | undefined;
    if (ctx.opts.chooseStatusReportFile) {
      destination = await ctx.opts.chooseStatusReportFile(fileName);
      if (!destination) throw new XapiError('TRANSFER_CANCELLED', [], { message: 'Cancelled' });
    }
    // client-logs is the client's item, not a host capability (XenCenter leaves it out of the hosts' query).
    const withClient = capabilities.includes(CLIENT_LOGS_KEY);
    const clientPart = (time: string) => clientEntries(time, ctx.clientLog().text(), ctx.connections(),
      sources.map((s) => ({ connection: ctx.get(s.connectionId), hostRef: s.hostRef, name: s.name })));
    const j = new StatusReportJob(sources, {
      capabilities: capabilities.filter((c) => c !== CLIENT_LOGS_KEY), fileName,
      ...(destination ? { destination } : {}), ...(withClient ? { clientEntries: clientPart } : {}),
    });
    const reportId = randomUUID();
    jobs(ctx).set(reportId, j);
    void j.done.then(() => {
      if (j.progress.state === 'saved' && !destination) {
        j.progress.transferId = ctx.transfers.add({ kind: 'status-report', connectionId: '', ref: '', fileName, taskRef: '', path: j.zipPath });
      }
      if (j.progress.state === 'failed') ctx.log(`Server status report ${fileName} failed: ${j.progress.error?.message ?? ''}`);
      setTimeout(() => {
        jobs(ctx).delete(reportId);
        if (j.dir) void rm(j.dir, { recursive: true, force: true });
      }, KEEP_MS).unref?.();
    });
    return { reportId };
  },
  'statusReport.progress': async ({ reportId }, ctx) => structuredClone(job(ctx, reportId).progress),
  'statusReport.cancel': async ({ reportId }, ctx) => { job(ctx, reportId).cancel(); return {}; },
};
