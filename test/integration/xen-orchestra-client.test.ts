// An independent client that no one here wrote, Xen Orchestra's `xen-api` npm package, against
// the simulator: it logs in, lists the types through system.listMethods, fetches every
// <type>.get_all_records, follows event.from from an event.inject token, runs Async.VM.start
// through its own callAsync/watchTask (task result parsed as XML-RPC) and sees, in its own object
// collection, the VM running. If it trips on anything, the simulator is what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type XoRecord, type XoXapi } from 'xen-api';
import { startSimulator, type Simulator } from '../../simulator/index';

let sim: Simulator;
let xo: XoXapi;
const warnings: unknown[][] = [];
const origWarn = console.warn;

/** XO's cached objects of one type, by ref. */
const xoOf = (type: string): Map<string, XoRecord> =>
  new Map(Object.values(xo.objects.all).filter((o) => o.$type === type).map((o) => [o.$ref, o]));

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  // XO reports trouble in its event loop with console.warn only: collect it to assert there is none.
  console.warn = (...a: unknown[]) => { warnings.push(a); origWarn(...a); };
  sim = await startSimulator({ port: 0, taskDurationMs: 300 });
  xo = createClient({ url: sim.url, auth: { user: 'root', password: 'xenroot' }, allowUnauthorized: true, debounce: 20 });
  await xo.connect();
});
afterAll(async () => {
  await xo?.disconnect();
  await sim?.close();
  console.warn = origWarn;
});

describe("Xen Orchestra's xen-api client against the simulator", () => {
  it('connects: a session the simulator knows, and the pool', () => {
    expect(xo.status).toBe('connected');
    expect(xo.sessionId).toMatch(/^OpaqueRef:/);
    expect(sim.records('session').has(xo.sessionId!)).toBe(true);
    const [poolRef, pool] = [...sim.records('pool')][0];
    expect(xo.pool.$ref).toBe(poolRef);
    expect(xo.pool.uuid).toBe(pool.uuid);
  });

  it('loads every object through its own event loop: VMs, hosts, SRs, networks, pools match the simulator', async () => {
    await xo.objectsFetched;
    for (const type of ['VM', 'host', 'SR', 'network', 'pool', 'VDI', 'VBD', 'VIF', 'PBD', 'PIF', 'console', 'VM_metrics', 'host_metrics']) {
      await until(`${type} in XO's collection`, () => xoOf(type).size === sim.records(type).size);
      const mine = xoOf(type);
      for (const [ref, r] of sim.records(type)) {
        expect(mine.get(ref)?.uuid, `${type} ${ref}`).toBe(r.uuid);
        expect(mine.get(ref)?.$id, `${type} ${ref}`).toBe(r.uuid);
      }
    }
    // XO resolves references through its cache: the pool's coordinator and its resident VMs
    const master = xo.getObjectByRef(String(xo.pool.master));
    expect(master.$type).toBe('host');
    expect(xo.watchEventsError).toBeUndefined();
  });

  it('one sync call: VM.get_power_state and a setter, whose change comes back as an event', async () => {
    const vm = [...sim.records('VM')].find(([, v]) => v.name_label === 'web-01')![0];
    expect(await xo.call('VM.get_power_state', vm)).toBe('Running');
    await xo.call('VM.set_name_description', vm, 'set by Xen Orchestra');
    expect(sim.records('VM').get(vm)!.name_description).toBe('set by Xen Orchestra');
    await until('the mod event in XO', () => xo.getObjectByRef(vm).name_description === 'set by Xen Orchestra');
  });

  it('callAsync VM.start on a halted VM: XO watches the task and sees the VM Running in its objects', async () => {
    const vm = [...sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && !v.is_control_domain)![0];
    expect(xo.getObjectByRef(vm).power_state).toBe('Halted');
    const states: unknown[] = [];
    const onUpdate = (objs: Record<string, XoRecord>) => { for (const o of Object.values(objs)) if (o.$ref === vm) states.push(o.power_state); };
    xo.objects.on('update', onUpdate);
    const t0 = Date.now();
    const result = await xo.callAsync('VM.start', vm, false, false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250); // the task really ran ~300 ms
    expect(result).toBe(''); // void: "<value></value>" parsed by XO's XML-RPC parser
    await until('Running in XO', () => xo.getObjectByRef(vm).power_state === 'Running');
    xo.objects.removeListener('update', onUpdate);
    expect(states).toContain('Running');
    const host = xo.getObjectByRef(String(xo.getObjectByRef(vm).resident_on));
    expect(host.$type).toBe('host');
    expect(sim.records('VM').get(vm)!.power_state).toBe('Running');
    // a ref result: VM.clone through callAsync, parsed from "<value>OpaqueRef:…</value>"
    const other = [...sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && !v.is_control_domain)![0];
    const clone = await xo.callAsync<string>('VM.clone', other, 'cloned by XO');
    expect(clone).toMatch(/^OpaqueRef:/);
    await until('the clone in XO', () => xo.getObjectByRef(clone, null) !== null);
    expect(xo.getObjectByRef(clone).name_label).toBe('cloned by XO');
  });

  it('an XAPI error as XO reports it: sync and from a task', async () => {
    const vm = [...sim.records('VM')].find(([, v]) => v.name_label === 'web-01')![0];
    const sync = (await xo.call('VM.start', vm, false, false).catch((e: unknown) => e)) as { code: string; params: string[] };
    expect(sync.code).toBe('VM_BAD_POWER_STATE');
    expect(sync.params).toEqual([vm, 'halted', 'running']);
    const fromTask = (await xo.callAsync('VM.start', vm, false, false).catch((e: unknown) => e)) as { code: string; params: string[]; task?: XoRecord };
    expect(fromTask.code).toBe('VM_BAD_POWER_STATE');
    expect(fromTask.params).toEqual([vm, 'halted', 'running']);
    expect(fromTask.task?.status).toBe('failure');
    const unknown = (await xo.call('VM.get_record', 'OpaqueRef:nope').catch((e: unknown) => e)) as { code: string; params: string[] };
    expect([unknown.code, ...unknown.params]).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
  });

  // A real host lists no Async. form for the message class; XO derives its types from every name
  // ending in ".get_all_records" (cut at the first "."), so one would make it fetch a type "Async".
  it('listMethods offers no Async.message.* form, so XO fetches no type "Async"', async () => {
    const methods = (await xo.call<string[]>('system.listMethods'));
    expect(methods.filter((m) => m.startsWith('Async.message.'))).toEqual([]);
    expect(warnings.filter((w) => w[0] === '_refreshCachedRecords' && w[1] === 'Async')).toEqual([]);
  });

  it('its event loop ran without any warning (every real type fetched, no event.from error)', () => {
    expect(warnings).toEqual([]);
  });
});
