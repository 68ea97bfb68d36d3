// The Networking tab: a VM's virtual interfaces, or the networks of a host or pool.
import { VifPanel } from '../networking/VifPanel';
import { NetworksPanel } from '../networking/NetworksPanel';
import type { TabTarget } from './types';
import '../networking/networking.css';

export function NetworkingTab({ target }: { target: TabTarget }) {
  return target.cls === 'vm' ? <VifPanel target={target} /> : <NetworksPanel target={target} />;
}
