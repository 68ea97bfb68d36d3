// The names pickers and dialogs use for local storage and standalone servers.
import { describe, it, expect } from 'vitest';
import { createAppStore } from '../../renderer/src/state/store';
import { connectionDisplayName, objectName, srDisplayName } from '../../renderer/src/xapi-model/names';
import { errorParamsNamed } from '../../renderer/src/xapi-model/errors';
import { add, conn } from '../support/store-fixtures';

const R = (x: string) => `OpaqueRef:${x}`;

function store() {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('pool'), { ...conn('solo'), hostname: '127.0.0.4:41045' }, { ...conn('empty'), hostname: '127.0.0.5' }],
    deltas: [
      { connectionId: 'pool', reset: true, changes: [
        add('pool', R('p'), { name_label: 'Demo Pool', master: R('h1') }),
        add('host', R('h1'), { name_label: 'xcp-host-01' }), add('host', R('h2'), { name_label: 'xcp-host-02' }),
        add('sr', R('l1'), { name_label: 'Local storage', shared: false, PBDs: [R('b1')] }),
        add('sr', R('l2'), { name_label: 'Local storage', shared: false, PBDs: [R('b2')] }),
        add('sr', R('nfs'), { name_label: 'NFS', shared: true, PBDs: [R('b3'), R('b4')] }),
        add('sr', R('two'), { name_label: 'Odd', shared: false, PBDs: [R('b5'), R('b6')] }),
        add('pbd', R('b1'), { host: R('h1'), SR: R('l1') }), add('pbd', R('b2'), { host: R('h2'), SR: R('l2') }),
        add('pbd', R('b3'), { host: R('h1'), SR: R('nfs') }), add('pbd', R('b4'), { host: R('h2'), SR: R('nfs') }),
        add('pbd', R('b5'), { host: R('h1'), SR: R('two') }), add('pbd', R('b6'), { host: R('h2'), SR: R('two') }),
      ] },
      { connectionId: 'solo', reset: true, changes: [
        add('pool', R('sp'), { name_label: '', master: R('s1') }), add('host', R('s1'), { name_label: 'xcp-standalone' }),
      ] },
    ],
  });
  return s.getState();
}

describe('names in pickers', () => {
  it('a server\'s local SR carries the server\'s name; shared and multi-server SRs keep their own', () => {
    const s = store();
    expect([R('l1'), R('l2'), R('nfs'), R('two')].map((r) => srDisplayName(s, 'pool', r)))
      .toEqual(['Local storage on xcp-host-01', 'Local storage on xcp-host-02', 'NFS', 'Odd']);
  });

  it('a standalone server is its coordinator\'s name, a pool its name, an unloaded connection its address', () => {
    const s = store();
    expect(['pool', 'solo', 'empty'].map((id) => connectionDisplayName(s, s.connections.get(id)!)))
      .toEqual(['Demo Pool', 'xcp-standalone', '127.0.0.5']);
  });
});

describe('errors name their objects', () => {
  it('refs the cache knows become names, with the refs kept for a details line; unknown refs stay', () => {
    const s = store();
    const nameOf = (r: string) => objectName(s, 'pool', r);
    expect(errorParamsNamed({ code: 'VM_REQUIRES_SR', params: [R('gone'), R('l2')] }, nameOf)).toEqual({
      text: `vm: ${R('gone')}, sr: 'Local storage on xcp-host-02'`, refs: `vm: ${R('gone')}, sr: ${R('l2')}`,
    });
    expect(errorParamsNamed({ code: 'HOST_OFFLINE', params: [R('h1')] }, nameOf)).toEqual({ text: "host: 'xcp-host-01'", refs: `host: ${R('h1')}` });
    // Nothing named: no details line; text that is not a ref is left alone.
    expect(errorParamsNamed({ code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:NULL', 'halted', 'running'] }, nameOf))
      .toEqual({ text: 'vm: OpaqueRef:NULL, expected: halted, actual: running', refs: '' });
    // A ref inside a message (INTERNAL_ERROR) is named too.
    expect(errorParamsNamed({ code: 'INTERNAL_ERROR', params: [`no route from ${R('h2')}`] }, nameOf).text).toBe("message: no route from 'xcp-host-02'");
  });
});
