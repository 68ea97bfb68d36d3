// The servers most spec files share across their tests: one simulator and one browser host, started
// before the file's first test and stopped after its last.
import { test } from '@playwright/test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/index';
import { startHost, type RunningHost } from './web-host';

/** Registers the file's beforeAll/afterAll; `use` receives the two started servers (to set the file's variables). */
export function simulatorAndHostForFile(opts: SimulatorOptions, use: (sim: Simulator, host: RunningHost) => void): void {
  let sim: Simulator | undefined;
  let host: RunningHost | undefined;
  test.beforeAll(async () => {
    sim = await startSimulator(opts);
    host = await startHost();
    use(sim, host);
  });
  test.afterAll(async () => {
    await host?.stop();
    await sim?.close();
  });
}
