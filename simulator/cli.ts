// npm run simulator -- [--port P] [--hosts N --vms M | --db FILE.xml] [--tls] [--user U --password W] [--task-ms N]
//   [--member-listeners] [--standalone-hosts N] [--console-vnc HOST:PORT] [--faults-endpoint] [--rrd-interval-ms N]
//   [--churn N] [--user-role NAME:PASSWORD:ROLE]... (repeatable) [--ad-domain FILE.json]
import { parseHostPort } from './consoles';
import { startSimulator, type SimulatorOptions } from './index';
import type { SimUser } from './sim';
import { readFileSync } from 'node:fs';
import { parseAdDomain } from './ad-domain';

function usageError(msg: string): never {
  process.stderr.write(`simulator: ${msg} (usage: --port P --hosts N --vms M | --db FILE.xml, --tls, --user U --password W, --task-ms N, --member-listeners, --standalone-hosts N, --console-vnc HOST:PORT, --faults-endpoint, --rrd-interval-ms N, --churn N, --perfmon-interval-ms N, --perfmon-step 5|60, --perfmon-config-period-ms N, --utc-offset-minutes ±N, --user-role NAME:PASSWORD:ROLE, --ad-domain FILE.json)\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): SimulatorOptions {
  const o: SimulatorOptions = {};
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) usageError(`${flag} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case '--port': o.port = int(a, next()); if (o.port > 65535) usageError('--port must be at most 65535'); break;
      case '--hosts': o.hosts = int(a, next()); if (o.hosts < 1) usageError('--hosts must be at least 1'); break;
      case '--vms': o.vms = int(a, next()); break;
      case '--task-ms': o.taskDurationMs = int(a, next()); break;
      case '--db': { const v = next(); if (!v) usageError('--db needs a file'); o.dbFile = v; break; }
      case '--user': { const v = next(); if (v === undefined) usageError('--user needs a value'); o.user = v; break; }
      case '--password': { const v = next(); if (v === undefined) usageError('--password needs a value'); o.password = v; break; }
      case '--tls': o.tls = true; break;
      case '--member-listeners': o.memberListeners = true; break;
      case '--standalone-hosts': o.standaloneHosts = int(a, next()); if (o.standaloneHosts > 16) usageError('--standalone-hosts must be at most 16'); break;
      case '--faults-endpoint': o.faultsEndpoint = true; break;
      case '--rrd-interval-ms': o.rrdIntervalMs = int(a, next()); break;
      case '--churn': o.churn = int(a, next()); break;
      case '--perfmon-interval-ms': o.perfmonIntervalMs = int(a, next()); break;
      case '--perfmon-config-period-ms': o.perfmonConfigPeriodMs = int(a, next()); break;
      case '--perfmon-step': o.perfmonStep = int(a, next()); if (o.perfmonStep !== 5 && o.perfmonStep !== 60) usageError('--perfmon-step must be 5 or 60'); break;
      case '--utc-offset-minutes': {
        const v = next();
        if (v === undefined || !/^[+-]?\d+$/.test(v) || Math.abs(Number(v)) > 14 * 60) usageError('--utc-offset-minutes needs minutes east of UTC, -840..840');
        o.utcOffsetMinutes = Number(v);
        break;
      }
      case '--user-role': {
        const v = next();
        const m = v === undefined ? null : /^([^:]+):(.*):([a-z-]+)$/.exec(v);
        const roles = ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'read-only'];
        if (!m || !roles.includes(m[3])) usageError(`--user-role needs NAME:PASSWORD:ROLE with ROLE one of ${roles.join(', ')}`);
        (o.users ??= []).push({ user: m[1], password: m[2], role: m[3] as SimUser['role'] });
        break;
      }
      case '--ad-domain': {
        const v = next();
        if (!v) usageError('--ad-domain needs a JSON file');
        try { o.domain = parseAdDomain(JSON.parse(readFileSync(v, 'utf8'))); } catch (e) { usageError(`--ad-domain ${v}: ${(e as Error).message}`); }
        break;
      }
      case '--console-vnc': { const v = next(); if (!v || !parseHostPort(v)) usageError('--console-vnc needs HOST:PORT'); o.consoleVnc = v; break; }
      default: usageError(`unknown argument ${JSON.stringify(a)}`);
    }
  }
  if (o.dbFile && (o.hosts !== undefined || o.vms !== undefined)) usageError('--db cannot be combined with --hosts/--vms');
  return o;
}

const opts = parseArgs(process.argv.slice(2));
// Signal handlers go in before the (slow-ish) start so an early SIGINT/SIGTERM also exits cleanly.
let running: Promise<{ close(): Promise<void> } | undefined> = Promise.resolve(undefined);
const stop = () => { void running.then((sim) => sim?.close()).finally(() => process.exit(0)); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
running = startSimulator(opts).then((sim) => {
  process.stdout.write(`listening on ${sim.url}\n`);
  for (const h of sim.standalone) process.stdout.write(`standalone host on ${h.url}\n`);
  return sim;
}, (e: unknown) => {
  process.stderr.write(`simulator: ${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
