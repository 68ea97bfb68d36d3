import { useUi } from '../state/ui';
import { useBridge } from '../framework/bridge-context';
import { DEMO_STARTING, openDemo } from './demo';

export function Welcome() {
  const openDialog = useUi((s) => s.openDialog);
  const starting = useUi((s) => s.demoStarting);
  const bridge = useBridge();
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to PoolDesk</h1>
      <p>
        Manage your XenServer and XCP-ng pools: see every host, virtual machine and storage repository at a glance,
        start and stop VMs, and follow what is happening in the pool as it happens.
      </p>
      <p>Add a server to get started, or open the demo pool to look around without one.</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={() => openDialog('addServer')}>Add Server</button>
        <button type="button" onClick={() => openDemo(bridge)} disabled={starting} title={starting ? DEMO_STARTING : undefined}>Open Demo Pool</button>
      </div>
    </section>
  );
}
