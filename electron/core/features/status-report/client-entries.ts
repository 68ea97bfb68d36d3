// The client's part of a Server Status Report, as XenCenter's ClientSideStatusReportAction writes it:
// "<time>-PoolDesk.log" (main's log and the connections' history, core/client-log.ts),
// "<time>-Coordinators.txt" (each chosen server's place in its pool) and "<time>-Metadata.json" (the
// client's version and build, its connections and the Events history: the servers' tasks). Built
// from fields that never hold a session ref or a password (ConnectionInfo, task names and states).
import pkg from '../../../../package.json';
import type { ConnectionInfo } from '../../../../shared/ipc/model';
import type { Connection } from '../../connection/connection';

export interface ClientEntry { name: string; data: Buffer }
export interface ReportHost { connection: Connection; hostRef: string; name: string }

const NULL_REF = 'OpaqueRef:NULL';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** XenCenter's lines: "Server 'h' is a coordinator of pool 'p'" / "…a supporter of…" / "…a stand alone server". */
export function coordinatorLines(hosts: readonly ReportHost[]): string[] {
  return hosts.map(({ connection, hostRef, name }) => {
    const pool = [...connection.cache.getAll('pool').values()][0];
    const poolName = str(pool?.name_label);
    if (!pool || !poolName) return `Server '${name}' is a stand alone server`;
    const master = str(pool.master);
    return master === hostRef || master === NULL_REF || !master
      ? `Server '${name}' is a coordinator of pool '${poolName}'`
      : `Server '${name}' is a supporter of pool '${poolName}'`;
  });
}

function connectionSummary(info: ConnectionInfo) {
  return {
    hostname: info.hostname, user: info.user, status: info.status, role: info.role ?? null,
    poolMembers: info.poolMembers.length, ...(info.error ? { error: { code: info.error.code, message: info.error.message } } : {}),
  };
}

/** The Events history of a connection: its tasks as the panel shows them (name, state, times, error). */
function tasksOf(c: Connection) {
  return [...c.cache.getAll('task').values()].map((t) => ({
    name: str(t.name_label), status: str(t.status), created: str(t.created), finished: str(t.finished),
    progress: typeof t.progress === 'number' ? t.progress : null,
    ...(Array.isArray(t.error_info) && t.error_info.length ? { error: t.error_info.map(String) } : {}),
  })).sort((a, b) => a.created.localeCompare(b.created));
}

export function clientEntries(time: string, logText: string, connections: readonly Connection[], hosts: readonly ReportHost[], now = new Date()): ClientEntry[] {
  const metadata = {
    client: { name: pkg.productName, version: pkg.version },
    build: { platform: process.platform, arch: process.arch, node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
    generated: now.toISOString(),
    connections: connections.map((c) => ({ ...connectionSummary(c.info), events: tasksOf(c) })),
  };
  return [
    { name: `${time}-${pkg.productName}.log`, data: Buffer.from(logText) },
    { name: `${time}-Coordinators.txt`, data: Buffer.from(`${coordinatorLines(hosts).join('\n')}\n`) },
    { name: `${time}-Metadata.json`, data: Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`) },
  ];
}
