// Child process of the `console` bench: the RFB servers run here, off the bench's event loop, as a
// real host's would. Prints one JSON line {directPort, simUrl}: a plain TCP server running the
// simulator's RfbSession + ConsoleScreen, and a simulator whose consoles use the same code.
import net from 'node:net';
import { RfbSession } from '../../simulator/rfb/server';
import { ConsoleScreen } from '../../simulator/rfb/screen';
import { startSimulator } from '../../simulator/index';

const direct = net.createServer((sock) => {
  sock.setNoDelay(true);
  sock.on('error', () => sock.destroy());
  const screen = new ConsoleScreen('bench');
  sock.on('close', () => screen.close());
  new RfbSession(sock, screen);
});
await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
const sim = await startSimulator({ port: 0, hosts: 1, vms: 4, taskDurationMs: 0 });
process.stdout.write(`${JSON.stringify({ directPort: (direct.address() as net.AddressInfo).port, simUrl: sim.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => { direct.close(); void sim.close().then(() => process.exit(0)); });
