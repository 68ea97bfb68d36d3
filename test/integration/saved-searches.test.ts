// Saved searches between two clients through the pool itself: a search saved by this client
// (objectProperties.apply `savedSearches`, as the Search tab's Save does) is read back by Xen
// Orchestra's `xen-api` client, an independent one, as the XML XenCenter keeps in gui_config; a
// search that client writes in XenCenter's form reaches this client's store live and parses; Delete
// removes only its own key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, type XoXapi } from 'xen-api';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { closeCoreAndSimulator, coreOnSimulator, ok, recordEvents, taskEnd, until } from '../support/core-harness';
import type { BridgeEvent, CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { createAppStore } from '../../renderer/src/state/store';
import { savedSearches } from '../../shared/xensearch/saved';
import { searchFromGuiConfig, searchToGuiConfig } from '../../shared/xensearch/codec';
import type { Search } from '../../shared/xensearch/query';

let sim: Simulator;
let core: AppCore;
let conn: string;
let events: BridgeEvent[];
let xo: XoXapi;

beforeAll(async () => {
  ({ sim, core, conn } = await coreOnSimulator({ port: 0, hosts: 2, vms: 3, taskDurationMs: 20, metricsIntervalMs: 0 }));
  events = recordEvents(core);
  xo = createClient({ url: sim.url, auth: { user: 'root', password: 'xenroot' }, allowUnauthorized: true, debounce: 20 });
  await xo.connect();
});
afterAll(async () => {
  await xo?.disconnect();
  await closeCoreAndSimulator(core, sim);
});

const poolRef = (): string => [...sim.records('pool').keys()][0] as string;
/** The renderer's view of the cache: a fresh store fed the snapshot main gives a new window, then every delta since. */
async function rendererStore() {
  const store = createAppStore();
  const snap = ok<{ connections: ConnectionInfo[]; deltas: CacheDelta[] }>(await core.request('state.snapshot', {} as never));
  store.getState().applySnapshot(snap);
  return store;
}

const mine: Search = {
  uuid: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', name: 'Running VMs & more', scope: ['VM'],
  filter: { kind: 'enum', property: 'power_state', query: 'Running', equals: true },
  grouping: { kind: 'object', property: 'host' }, columns: [{ name: 'name', width: 250 }, { name: 'cpu', width: 175 }], sorting: [{ column: 'name', ascending: true }],
};

it('a search saved here is in the pool for Xen Orchestra\'s client, as XenCenter\'s XML', async () => {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('objectProperties.apply', {
    connectionId: conn, cls: 'pool', ref: poolRef(), changes: { savedSearches: { [mine.uuid]: searchToGuiConfig(mine) } },
  } as never));
  expect(await taskEnd(events, taskRef)).toMatchObject({ status: 'success' });
  const gui = await xo.call('pool.get_gui_config', poolRef()) as Record<string, string>;
  const xml = gui[`XenSearch.Search-${mine.uuid}`];
  expect(xml.startsWith(`<Search uuid="${mine.uuid}" name="Running VMs &amp; more" major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>`)).toBe(true);
  expect(searchFromGuiConfig(xml)).toEqual(mine);
  const listed = savedSearches((await rendererStore()).getState().objects, [{ id: conn, status: 'connected' }]);
  expect(listed.filter((s) => !s.builtIn).map((s) => s.search)).toEqual([mine]);
});

it('a search Xen Orchestra\'s client writes in XenCenter\'s form reaches this client and parses; Delete removes only its own key', async () => {
  const uuid = '0a0b0c0d-0000-4000-8000-0000000000aa';
  await xo.call('pool.add_to_gui_config', poolRef(), `XenSearch.Search-${uuid}`,
    `<Search uuid="${uuid}" name="By tag" major_version="2" minor_version="0"><Query><QueryScope><VM /><Server /></QueryScope><ListEmptyQuery property="tags" empty="no" /></Query><PropertyGrouping property="tags" /><sorting /></Search>`);
  const names = await until(async () => {
    const got = savedSearches((await rendererStore()).getState().objects, [{ id: conn, status: 'connected' }]).filter((s) => !s.builtIn).map((s) => s.search.name);
    return got.length === 2 && got;
  }, 'the search written by the other client in this client\'s cache');
  expect(names).toEqual(['By tag', 'Running VMs & more']);

  const { taskRef } = ok<{ taskRef: string }>(await core.request('objectProperties.apply', {
    connectionId: conn, cls: 'pool', ref: poolRef(), changes: { savedSearches: { [mine.uuid]: '' } },
  } as never));
  expect(await taskEnd(events, taskRef)).toMatchObject({ status: 'success' });
  const gui = await xo.call('pool.get_gui_config', poolRef()) as Record<string, string>;
  expect(Object.keys(gui).filter((k) => k.startsWith('XenSearch.'))).toEqual([`XenSearch.Search-${uuid}`]);
});

it('main refuses a saved search that is not one, before any task', async () => {
  for (const savedSearches of [{ 'bad id!': '<Search />' }, { abc: '<script>' }, { abc: 'x'.repeat(300_000) }, {}]) {
    const env = await core.request('objectProperties.apply', { connectionId: conn, cls: 'pool', ref: poolRef(), changes: { savedSearches } } as never);
    expect(env).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
  }
  const env = await core.request('objectProperties.apply', { connectionId: conn, cls: 'host', ref: [...sim.records('host').keys()][0], changes: { savedSearches: { abc: '' } } } as never);
  expect(env).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
});
