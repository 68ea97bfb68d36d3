// The Networking tab: a VM's virtual interfaces, or the networks of a host or pool.
import { VifPanel } from './VifPanel';
import { NetworksPanel } from './NetworksPanel';
import type { TabTarget } from '../../framework/tab';
import './networking.css';

export function NetworkingTab({ target }: { target: TabTarget }) {
  return target.cls === 'vm' ? <VifPanel target={target} /> : <NetworksPanel target={target} />;
}
