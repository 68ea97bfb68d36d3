// The servers' answers for the Migrate VMs dialog: VM.assert_can_boot_here for each (VM, server)
// pair the cache does not already refuse, asked once per pair while the dialog is open, a few at a
// time (three VMs on a pool of sixteen servers is forty-eight questions; a server should not get them
// all at once).
import { useEffect, useState } from 'react';
import { appStore } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { checkDestination, type DestinationCheck } from './migrate-checks';
import { pairKey } from './multi-migrate';

const AT_ONCE = 6;

export function usePairChecks(pairs: ReadonlyArray<{ vm: SelectedObject; hostRef: string }>): Map<string, DestinationCheck> {
  const bridge = useBridge();
  const [answers, setAnswers] = useState(() => new Map<string, DestinationCheck>());
  const wanted = pairs.map((p) => pairKey(p.vm.ref, p.hostRef)).join(',');
  useEffect(() => {
    let live = true;
    // Pairs already answered are not asked again when the list changes (a VM's record moved, say).
    const todo = pairs.filter((p) => !answers.has(pairKey(p.vm.ref, p.hostRef)));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < todo.length && live; i = next++) {
        const { vm, hostRef } = todo[i];
        const answer = await checkDestination(bridge, appStore.getState(), vm, { connectionId: vm.connectionId, ref: hostRef, crossPool: false });
        if (live) setAnswers((m) => new Map(m).set(pairKey(vm.ref, hostRef), answer));
      }
    };
    for (let w = 0; w < Math.min(AT_ONCE, todo.length); w++) void worker();
    return () => { live = false; };
    // Re-run only when the set of pairs changes; `answers` is read to skip those already asked.
  }, [wanted, bridge]);
  return answers;
}
