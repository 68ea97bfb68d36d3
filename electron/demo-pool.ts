// The built-in demo pool: the simulator, served in-process on a random loopback port, so that
// "Open Demo Pool" and `--demo` work with no server at all. Started once, on first use. Beside the
// pool it serves one standalone server (xcp-host-04 on 127.0.0.4, same port) to add to the pool or
// migrate VMs to; where that address cannot be used (macOS has only 127.0.0.1 on its loopback
// unless aliased), the demo is the pool alone. Likewise the pool's members (127.0.0.2, .3) get
// listeners of their own where those addresses can be bound, so each host answers for itself
// (its own /rrd_updates for the Performance tab, as on a real pool); else only the coordinator listens.
import { createServer } from 'node:net';
import { startSimulator, type Simulator } from '../simulator/index';

const DEMO_USER = 'root';
const DEMO_PASSWORD = 'xenroot';
/** The pool's other hosts (the coordinator is 127.0.0.1). */
const MEMBER_ADDRESSES = ['127.0.0.2', '127.0.0.3'];
/** The simulator puts its first standalone host on the address after the pool's three hosts. */
const STANDALONE_ADDRESS = '127.0.0.4';
let demo: Promise<Simulator> | undefined;

/** True when a socket can listen on `address` (the simulator would fail to start otherwise). */
function canListenOn(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(0, address, () => s.close(() => resolve(true)));
  });
}

async function start(): Promise<Simulator> {
  const standaloneHosts = (await canListenOn(STANDALONE_ADDRESS)) ? 1 : 0;
  const memberListeners = (await Promise.all(MEMBER_ADDRESSES.map(canListenOn))).every(Boolean);
  // localOnly: any web page can reach 127.0.0.1, so the demo answers only the app (simulator/http-server.ts foreignRequest).
  return startSimulator({ port: 0, user: DEMO_USER, password: DEMO_PASSWORD, standaloneHosts, memberListeners, localOnly: true });
}

export async function startDemoPool(): Promise<{ url: string; user: string; password: string; standaloneUrls: string[] }> {
  demo ??= start();
  try {
    const sim = await demo;
    return { url: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, standaloneUrls: sim.standalone.map((s) => s.url) };
  } catch (err) {
    demo = undefined; // let a later attempt try again
    throw err;
  }
}

export async function stopDemoPool(): Promise<void> {
  const d = demo;
  demo = undefined;
  if (d) await (await d).close();
}
