import { useUi } from '../state/ui';
import { useDemo } from './use-demo';

export function Welcome() {
  const setUi = useUi((s) => s.set);
  const openDemo = useDemo();
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to XenClient</h1>
      <p>
        Manage your XenServer and XCP-ng pools: see every host, virtual machine and storage repository at a glance,
        start and stop VMs, and follow what is happening in the pool as it happens.
      </p>
      <p>Add a server to get started, or open the demo pool to look around without one.</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={() => setUi('addServerOpen', true)}>Add Server</button>
        <button type="button" onClick={() => openDemo()} disabled={openDemo.busy} title={openDemo.busy ? 'The demo pool is starting' : undefined}>Open Demo Pool</button>
      </div>
    </section>
  );
}
