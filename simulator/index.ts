// Public entry: start a XAPI simulator (generated demo pool or a loaded database dump) on
// 127.0.0.1, optionally with TLS and with listeners for pool members on 127.0.0.2, ...
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { generate } from 'selfsigned';
import { buildDemoPool } from './demo-pool';
import { installHandlers } from './dispatch';
import { dbFromDump } from './dump-loader';
import { Listener, type Tls } from './http-server';
import { Sim } from './sim';

export { loadDump } from './dump-loader';

export interface SimulatorOptions {
  port?: number;
  tls?: boolean;
  hosts?: number;
  vms?: number;
  dbFile?: string;
  user?: string;
  password?: string;
  taskDurationMs?: number;
  memberListeners?: boolean;
}

export interface Simulator {
  url: string;
  port: number;
  /** PEM of the self-signed certificate when tls is on. */
  certificatePem?: string;
  close(): Promise<void>;
  dropAllConnections(): void;
  records(cls: string): Map<string, Record<string, unknown>>;
}

async function makeCert(): Promise<Tls> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const db = opts.dbFile
    ? dbFromDump(readFileSync(opts.dbFile, 'utf8'))
    : buildDemoPool({ hosts: opts.hosts ?? 3, vms: opts.vms ?? 20, memberListeners: !!opts.memberListeners });
  const sim = new Sim(db, { user: opts.user ?? 'root', password: opts.password ?? 'xenroot', taskDurationMs: opts.taskDurationMs ?? 2000 });
  installHandlers(sim);
  const tls = opts.tls ? await makeCert() : undefined;
  const sockets = new Set<Socket>();
  const main = new Listener(sim, '127.0.0.1', sockets, tls);
  const port = await main.listen(opts.port ?? 0);
  const listeners = [main];
  if (opts.memberListeners) {
    const coord = sim.coordinator();
    for (const [ref, row] of db.table('host')) {
      const addr = String(row.rec.address);
      if (ref === coord || !/^127\.\d+\.\d+\.\d+$/.test(addr) || addr === '127.0.0.1') continue;
      const l = new Listener(sim, addr, sockets, tls);
      await l.listen(port);
      listeners.push(l);
    }
  }
  const dropAll = () => { for (const s of sockets) s.destroy(); };
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    certificatePem: tls?.cert,
    dropAllConnections: dropAll,
    async close() {
      sim.shutdown.abort();
      const closing = Promise.all(listeners.map((l) => l.close()));
      dropAll();
      await closing;
    },
    records(cls: string) {
      const t = db.tables.get(cls);
      return new Map(t ? [...t].map(([ref, row]) => [ref, row.rec]) : []);
    },
  };
}
