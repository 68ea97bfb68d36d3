// Objects by Type on the real database dumps: for each, the view's groups and rows equal what
// XenCenter's rules give, worked out here from the dump's records with this file's own reading of
// those rules (Common.cs TypeProperty, GroupAlg.Hide, SR.IsLocalSR, Host/XenObject.CompareTo,
// StringUtility.NaturalCompare) plus the View options, never with the code under test.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, type TreeOptions } from '../../renderer/src/tree/build-tree';
import { buildTypesView } from '../../renderer/src/tree/types-view';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { loadDumpObjects } from '../support/dump-objects';

import { expected } from '../support/types-view-expected';

describe.skipIf(!hasSharedDir)('Objects by Type: real database dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  const conn: ConnectionInfo = { id: 'c1', url: 'https://c1', hostname: 'c1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };


  const optionSets: Array<Required<TreeOptions>> = [
    { showCustomTemplates: true, showDefaultTemplates: false, showLocalStorage: true, showSnapshots: false, showHidden: false, showNetworks: false },
    { showCustomTemplates: true, showDefaultTemplates: true, showLocalStorage: true, showSnapshots: true, showHidden: true, showNetworks: true },
    { showCustomTemplates: false, showDefaultTemplates: true, showLocalStorage: false, showSnapshots: true, showHidden: false, showNetworks: true },
  ];

  for (const file of dbDumps) {
    it(basename(file), async () => {
      const objects = await loadDumpObjects(file);
      for (const o of optionSets) {
        const tree = buildTypesView(buildInfrastructureTree({ connections: [conn], objects: new Map([['c1', objects]]), ...o }), new Map([['c1', objects]]));
        expect(tree.map((n) => n.name)).toEqual(['Objects by Type']);
        const got = tree[0].children.map((g) => [g.name, g.children.map((n) => n.name)] as [string, string[]]);
        expect(got, JSON.stringify(o)).toEqual(expected(objects, o));
      }
      const counts = expected(objects, optionSets[1]).map(([g, r]) => `${g} ${r.length}`).join(', ');
      console.log(`${basename(file)}: ${counts}`);
    });
  }
});
