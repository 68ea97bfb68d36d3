// VM > Migrate to Server…: the destination server, grouped by pool (the VM's own pool first). A
// server of another pool adds what a cross-pool migration needs: the storage repository for the
// VM's disks and a network for each of its interfaces, with the defaults chosen (crossPoolPlan).
// Each server is asked first whether it would take the VM (migrate-checks.ts); one that would not
// stays listed, greyed, with the reason in words and code.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { MIGRATE_COMMAND, migrateDestinations, migrateVm } from './commands';
import { type SelectedObject } from '../../framework/command';
import { crossPoolMigrateVm, crossPoolPlan, type CrossPoolPlan, type VifRow } from './cross-pool';
import { checkDestination, refusalText, type DestinationCheck } from './migrate-checks';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { useBridge } from '../../framework/bridge-context';

const key = (connectionId: string, ref: string): string => `${connectionId}|${ref}`;

export function MigrateVmDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const groups = useMemo(() => { void version; return migrateDestinations(appStore.getState(), target).filter((g) => g.hosts.length > 0); }, [version, target]);
  const destinations = groups.flatMap((g) => g.hosts.map((h) => ({ ...h, connectionId: g.connectionId, poolName: g.poolName, crossPool: g.crossPool })));
  const vmName = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const checks = useDestinationChecks(target, destinations);
  // A drop on another pool's server opens the dialog with that server picked (ui.dialog.partner).
  const [choice, setChoice] = useState(() => { const p = useUi.getState().dialog?.partner; return p ? key(p.connectionId, p.ref) : ''; });
  const [srRef, setSrRef] = useState<string>();
  const [networks, setNetworks] = useState<Record<string, string>>({});
  const accepted = (d: { connectionId: string; ref: string }) => {
    const state = checks.get(key(d.connectionId, d.ref))?.state;
    return state === 'ok' || state === 'unchecked';
  };
  const chosen = destinations.find((d) => key(d.connectionId, d.ref) === choice && accepted(d)) ?? destinations.find(accepted);
  const checking = destinations.some((d) => (checks.get(key(d.connectionId, d.ref))?.state ?? 'checking') === 'checking');
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
            {chosen ? null : <option value="" disabled>{checking ? 'Checking the servers…' : 'No server can take this VM'}</option>}
            {groups.map((g) => (
              <optgroup key={g.connectionId} label={g.poolName}>
                {g.hosts.map((h) => {
                  const check = checks.get(key(g.connectionId, h.ref)) ?? { state: 'checking' as const };
                  const note = check.state === 'checking' ? ' (checking…)' : check.state === 'refused' ? ` — ${refusalText(check)}`
                    : check.state === 'unchecked' ? ' (checked when you migrate)' : '';
                  return <option key={h.ref} value={key(g.connectionId, h.ref)} disabled={check.state === 'checking' || check.state === 'refused'} title={refusalText(check) || undefined}>{h.name}{note}</option>;
                })}
              </optgroup>
            ))}
          </select>
        </div>
        {plan && chosen ? (
          <CrossPoolFields plan={plan} poolName={chosen.poolName}
            onSr={setSrRef} onNetwork={(vif, net) => setNetworks({ ...networks, [vif]: net })} />
        ) : null}
        {destinations.length === 0 ? <div role="status" className="dialog-error">There is no other live, enabled server to migrate to.</div> : null}
        <RefusedList destinations={destinations} checks={checks} />
        {destinations.length > 0 && !checking && !chosen ? <div role="status" className="dialog-error">None of these servers can take the VM: each says why in the list.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready} title={ready ? undefined : migrateBlocker(!!chosen, plan)}>Migrate</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The servers that said no, each with its reason: visible without opening the list. */
function RefusedList({ destinations, checks }: { destinations: Array<{ connectionId: string; ref: string; name: string; poolName: string }>; checks: Map<string, DestinationCheck> }) {
  const refused = destinations.flatMap((d) => {
    const c = checks.get(key(d.connectionId, d.ref));
    return c?.state === 'refused' ? [{ ...d, text: refusalText(c) }] : [];
  });
  if (refused.length === 0) return null;
  const pools = new Set(destinations.map((d) => d.connectionId)).size;
  return (
    <div className="refused-destinations">
      <div className="field-hint">Cannot migrate to:</div>
      <ul aria-label="Servers that cannot take the VM">
        {refused.map((d) => <li key={key(d.connectionId, d.ref)}><strong>{d.name}{pools > 1 ? ` (${d.poolName})` : ''}</strong>: {d.text}</li>)}
      </ul>
    </div>
  );
}

/** Each destination's answer, asked once per destination while the dialog is open. */
function useDestinationChecks(target: SelectedObject, destinations: Array<{ connectionId: string; ref: string; crossPool: boolean }>): Map<string, DestinationCheck> {
  const bridge = useBridge();
  const [checks, setChecks] = useState(() => new Map<string, DestinationCheck>());
  const wanted = destinations.map((d) => `${key(d.connectionId, d.ref)}|${d.crossPool ? 'x' : ''}`).join(',');
  useEffect(() => {
    let live = true;
    for (const d of destinations) {
      const k = key(d.connectionId, d.ref);
      if (checks.has(k)) continue;
      setChecks((m) => new Map(m).set(k, { state: 'checking' }));
      void checkDestination(bridge, appStore.getState(), target, d).then((c) => { if (live) setChecks((m) => new Map(m).set(k, c)); });
    }
    return () => { live = false; };
    // Re-run only when the set of destinations changes; `checks` is read to skip those already asked.
  }, [wanted, bridge, target]);
  return checks;
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
