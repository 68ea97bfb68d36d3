// The built-in demo pool: the simulator, served in-process on a random loopback port, so that
// "Open Demo Pool" and `--demo` work with no server at all. Started once, on first use.
import { startSimulator, type Simulator } from '../simulator/index';

const DEMO_USER = 'root';
const DEMO_PASSWORD = 'xenroot';
let demo: Promise<Simulator> | undefined;

export async function startDemoPool(): Promise<{ url: string; user: string; password: string }> {
  demo ??= startSimulator({ port: 0, user: DEMO_USER, password: DEMO_PASSWORD });
  try {
    const sim = await demo;
    return { url: sim.url, user: DEMO_USER, password: DEMO_PASSWORD };
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
