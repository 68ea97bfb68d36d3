// The Console tab of VMs and hosts (a host's is its control domain's console). Above a VM's console, what
// other features put at 'console:above' (the DVD drive, as XenCenter has it).
import { ConsoleView } from './ConsoleView';
import { extensionsAt } from '../../framework/registry';
import type { TabTarget } from '../../framework/tab';

export function ConsoleTab({ target }: { target: TabTarget }) {
  const key = `${target.connectionId}/${target.ref}`;
  const above = target.cls === 'vm' ? extensionsAt('console:above') : [];
  // A new object gets a fresh console (state, retries, scaling).
  return (
    <>
      {above.map((Piece, i) => <Piece key={`${key}/${i}`} target={{ connectionId: target.connectionId, cls: 'vm', ref: target.ref }} />)}
      <ConsoleView key={key} connectionId={target.connectionId} cls={target.cls} objRef={target.ref} />
    </>
  );
}
