// The Console tab of VMs and hosts (a host's is its control domain's console).
import { ConsoleView } from './ConsoleView';
import type { TabTarget } from '../../framework/tab';

export function ConsoleTab({ target }: { target: TabTarget }) {
  // A new object gets a fresh console (state, retries, scaling).
  return <ConsoleView key={`${target.connectionId}/${target.ref}`} connectionId={target.connectionId} cls={target.cls} objRef={target.ref} />;
}
