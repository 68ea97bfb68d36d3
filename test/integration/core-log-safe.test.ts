// Main's log gets server text (a VM's name here) as one escaped line: a name with newlines and
// terminal escapes cannot forge log lines.
import { describe, it, expect, afterEach } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpc, login } from '../support/xapi-rpc';
import { addServer, until, ok, closeCoreAndSimulator } from '../support/core-harness';

let sim: Simulator;
let core: AppCore;
afterEach(() => closeCoreAndSimulator(core, sim));

describe("main's log", () => {
  it('escapes newlines and control characters of a server name in a logged failure', async () => {
    sim = await startSimulator({ port: 0, hosts: 1, vms: 6, taskDurationMs: 0 });
    const logged: string[] = [];
    core = new AppCore({ flushIntervalMs: 10, log: (m) => logged.push(m), chooseExportFile: async () => '/nonexistent-dir-for-this-test/x.xva' });
    const conn = await addServer(core, sim.url);
    const session = await login(sim.url);
    const [vmRef] = [...sim.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot && v.power_state === 'Halted')!;
    const evil = 'web\n2026-12-06T20:00:00Z INFO forged line\r\u001b[2K\u202eexe.txt';
    await rpc(sim.url, 'VM.set_name_label', session, vmRef, evil);
    await until(() => core.connection(conn)?.cache.get('vm', vmRef)?.name_label === evil, 'the new name in the cache');
    ok(await core.request('vm.export', { connectionId: conn, vmRef }));
    const line = await until(() => logged.find((m) => m.startsWith('Export of ')), 'the export failure in the log');
    // eslint-disable-next-line no-control-regex -- checking that none is left
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(line).toContain('Export of web\\n2026-12-06T20:00:00Z INFO forged line\\r\\x1b[2K\\u202eexe.txt to /nonexistent-dir-for-this-test/x.xva failed: ');
  });
});
