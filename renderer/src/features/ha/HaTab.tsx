// A pool's HA tab (XenCenter's HAPage), live from the cache: whether HA is on (or being turned on or off),
// the configured failures to tolerate and the current failover capacity (red when the pool is
// overcommitted or nothing is guaranteed), each server's heartbeat on the network and on each heartbeat SR,
// and every VM's restart priority, start order and delay; "Configure HA…" and "Disable HA" run the
// commands, greyed with their reason.
import { useMemo } from 'react';
import type { TabTarget } from '../../framework/tab';
import { useApp } from '../../state';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { CONFIGURE_HA, DISABLE_HA } from './commands';
import { haTabState, haVmRows, priorityLabel } from './model';
import './ha.css';

const COMMANDS = [CONFIGURE_HA, DISABLE_HA];

export function HaTab({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const json = useApp((s) => { void s.version; return JSON.stringify({ st: haTabState(s, conn, target.ref), vms: haVmRows(s, conn), ops: Object.values((s.objects.get(conn)?.get('pool')?.get(target.ref)?.current_operations ?? {}) as Record<string, string>) }); });
  const { st, vms, ops } = useMemo(() => JSON.parse(json) as { st: ReturnType<typeof haTabState>; vms: ReturnType<typeof haVmRows>; ops: string[] }, [json]);
  const sel = useMemo(() => [{ connectionId: conn, cls: 'pool', ref: target.ref }], [conn, target.ref]);
  const states = useCommandStates(COMMANDS, sel);
  const run = useRunCommand();
  if (!st) return <p className="empty">The pool is no longer on the server.</p>;
  const busy = ops.includes('ha_enable') ? 'enabled' : ops.includes('ha_disable') ? 'disabled' : '';
  const blurb = busy ? `HA is currently being ${busy} for '${st.poolName}'.`
    : st.enabled ? `HA is currently enabled for pool '${st.poolName}'.` : `HA is not currently enabled for pool '${st.poolName}'.`;
  return (
    <div className="ha-tab">
      <div className="ha-tab-head">
        <p className="ha-blurb" role="status">{blurb}</p>
        <div role="toolbar" aria-label="High availability" className="tab-toolbar ha-toolbar">
          {COMMANDS.map((c, i) => (c === DISABLE_HA && !st.enabled ? null : (
            <button key={c.id} type="button" disabled={!states[i].enabled} title={states[i].reason} onClick={() => run(c, sel)}>{c.label}</button>
          )))}
        </div>
      </div>
      {st.enabled ? (
        <>
          <section className="ha-section" aria-labelledby="ha-config">
            <h3 id="ha-config">Configuration</h3>
            <dl className="ha-props">
              <dt>HA enabled:</dt><dd>Yes</dd>
              <dt>Configured failure capacity:</dt><dd className={st.configured.red ? 'ha-red' : undefined} data-testid="ha-configured">{st.configured.text}</dd>
              <dt>Current failure capacity:</dt><dd className={st.current.red ? 'ha-red' : undefined} data-testid="ha-current">{st.current.text}</dd>
            </dl>
          </section>
          <section className="ha-section" aria-labelledby="ha-heartbeat">
            <h3 id="ha-heartbeat">Heartbeating status</h3>
            <table className="ha-grid ha-heartbeats" aria-labelledby="ha-heartbeat">
              <thead><tr><th scope="col">Server</th><th scope="col">Network</th>{st.srs.map((sr) => <th key={sr.ref} scope="col">{sr.name}</th>)}</tr></thead>
              <tbody>
                {st.hosts.map((h) => (
                  <tr key={h.ref}>
                    <th scope="row">{h.name}</th>
                    <td className={h.networkOk ? 'ha-good' : undefined}>{h.network}</td>
                    {h.srs.map((ok, j) => <td key={st.srs[j].ref} className={ok ? 'ha-good' : 'ha-red'}>{ok ? 'Healthy' : 'Error'}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
      <section className="ha-section ha-vms" aria-labelledby="ha-vms">
        <h3 id="ha-vms">VM restart priorities</h3>
        {!st.enabled ? <p className="ha-muted">These settings take effect when HA is enabled.</p> : null}
        <div className="ha-grid-scroll">
          <table className="ha-grid" aria-labelledby="ha-vms">
            <thead><tr><th scope="col">VM</th><th scope="col">Restart priority</th><th scope="col">Start order</th><th scope="col">Delay</th><th scope="col">Power state</th></tr></thead>
            <tbody>
              {vms.length === 0 ? <tr><td colSpan={5} className="ha-muted">The pool has no VMs.</td></tr> : null}
              {vms.map((v) => (
                <tr key={v.ref} data-vm={v.name}>
                  <th scope="row" className="ha-vm-name" title={v.name}>{v.name}</th>
                  <td>{priorityLabel(v.priority)}</td><td>{v.order}</td><td>{v.startDelay === 1 ? '1 second' : `${v.startDelay} seconds`}</td><td>{v.powerState}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
