// VM > Migrate to Server…: the destination server, grouped by pool (the VM's own pool first). A
// server of another pool adds what a cross-pool migration needs: the storage repository for the
// VM's disks and a network for each of its interfaces, with the defaults chosen (crossPoolPlan).
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../store';
import { MIGRATE_COMMAND, migrateDestinations, migrateVm, type SelectedObject } from '../commands';
import { crossPoolMigrateVm, crossPoolPlan, type CrossPoolPlan, type VifRow } from '../commands/cross-pool';
import { str } from '../util/format';
import { Dialog } from './Dialog';
import { useRunChoice } from './use-run-choice';

const key = (connectionId: string, ref: string): string => `${connectionId}|${ref}`;

export function MigrateVmDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const groups = useMemo(() => { void version; return migrateDestinations(appStore.getState(), target).filter((g) => g.hosts.length > 0); }, [version, target]);
  const destinations = groups.flatMap((g) => g.hosts.map((h) => ({ ...h, connectionId: g.connectionId, poolName: g.poolName, crossPool: g.crossPool })));
  const vmName = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const [choice, setChoice] = useState('');
  const [srRef, setSrRef] = useState<string>();
  const [networks, setNetworks] = useState<Record<string, string>>({});
  const chosen = destinations.find((d) => key(d.connectionId, d.ref) === choice) ?? destinations[0];
  const plan = useMemo(() => {
    void version;
    return chosen?.crossPool ? crossPoolPlan(appStore.getState(), target, chosen.connectionId, chosen.ref, { srRef, networks }) : null;
  }, [version, target, chosen?.crossPool, chosen?.connectionId, chosen?.ref, srRef, networks]);
  const id = useId();
  const ready = !!chosen && (!plan || plan.complete);

  const choose = (value: string) => {
    // Another destination: its own storage and networks, from their defaults again.
    setChoice(value);
    setSrRef(undefined);
    setNetworks({});
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!chosen || !ready) return;
    if (plan) {
      const dest = {
        connectionId: chosen.connectionId, hostRef: chosen.ref, srRef: plan.srRef ?? '',
        vifNetworks: Object.fromEntries(plan.vifs.map((v) => [v.ref, v.network ?? ''])),
      };
      run(MIGRATE_COMMAND, target, async (sel, b) => [await crossPoolMigrateVm(b ?? bridge, sel[0], dest, appStore.getState())]);
    } else {
      run(MIGRATE_COMMAND, target, async (sel, b, store) => [await migrateVm(b ?? bridge, sel[0], chosen.ref, store)]);
    }
  };

  return (
    <Dialog title="Migrate VM" onCancel={close} className={`migrate-vm${plan ? ' cross-pool' : ''}`}>
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">Migrate {vmName ? `'${vmName}'` : 'the VM'} to another server, in its pool or in another connected pool.</p>
        <div className="form-grid">
          <label htmlFor={id}>Destination server</label>
          <select id={id} value={chosen ? key(chosen.connectionId, chosen.ref) : ''} disabled={destinations.length === 0} onChange={(e) => choose(e.target.value)}>
            {groups.map((g) => (
              <optgroup key={g.connectionId} label={g.poolName}>
                {g.hosts.map((h) => <option key={h.ref} value={key(g.connectionId, h.ref)}>{h.name}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        {plan && chosen ? (
          <CrossPoolFields plan={plan} poolName={chosen.poolName}
            onSr={setSrRef} onNetwork={(vif, net) => setNetworks({ ...networks, [vif]: net })} />
        ) : null}
        {destinations.length === 0 ? <div role="status" className="dialog-error">There is no other live, enabled server to migrate to.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready} title={ready ? undefined : migrateBlocker(!!chosen, plan)}>Migrate</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The storage and networks of a cross-pool migration. */
function CrossPoolFields({ plan, poolName, onSr, onNetwork }: {
  plan: CrossPoolPlan; poolName: string; onSr(ref: string): void; onNetwork(vif: string, net: string): void;
}) {
  const srId = useId();
  return (
    <fieldset className="cross-pool">
      <legend>Migrating to another pool: {poolName}</legend>
      <p className="field-hint">The VM&apos;s disks are copied to the storage repository you choose there, and its network interfaces are connected to the networks you choose. The VM then leaves its current pool.</p>
      <div className="form-grid">
        <label htmlFor={srId}>Storage</label>
        <select id={srId} value={plan.srRef ?? ''} disabled={plan.srs.length === 0} onChange={(e) => onSr(e.target.value)}>
          {plan.srs.map((s) => <option key={s.ref} value={s.ref}>{s.name}{s.isDefault ? ' (default)' : ''}</option>)}
        </select>
        {plan.vifs.map((v) => (
          <VifField key={v.ref} vif={v} value={v.network ?? ''} networks={plan.networks} onChange={(n) => onNetwork(v.ref, n)} />
        ))}
      </div>
      {plan.diskCount > 0 && plan.srs.length === 0 ? <div role="status" className="dialog-error">{poolName} has no storage repository this server can use for the disks.</div> : null}
      {plan.vifs.length > 0 && plan.networks.length === 0 ? <div role="status" className="dialog-error">{poolName} has no network for the VM&apos;s interfaces.</div> : null}
    </fieldset>
  );
}

function VifField({ vif, value, networks, onChange }: { vif: VifRow; value: string; networks: Array<{ ref: string; name: string }>; onChange(ref: string): void }) {
  const id = useId();
  const hint = useId();
  return (
    <>
      <label htmlFor={id} className="vif-label">Interface {vif.device || '?'}</label>
      <div className="vif-field">
        <select id={id} value={value} disabled={networks.length === 0} aria-describedby={hint} onChange={(e) => onChange(e.target.value)}>
          {networks.map((n) => <option key={n.ref} value={n.ref}>{n.name}</option>)}
        </select>
        <div id={hint} className="field-note">now on {vif.networkName || 'no network'}</div>
      </div>
    </>
  );
}

/** Which field keeps Migrate greyed, in words. */
function migrateBlocker(hasDestination: boolean, plan: { diskCount: number; srRef?: string; vifs: Array<{ network?: string }> } | null): string {
  if (!hasDestination) return 'Destination server: there is no other live, enabled server';
  if (plan && plan.diskCount > 0 && !plan.srRef) return 'Storage: the destination has no storage repository for the disks';
  if (plan && plan.vifs.some((v) => !v.network)) return 'Networks: choose a destination network for every interface';
  return 'Choose where the VM goes';
}
