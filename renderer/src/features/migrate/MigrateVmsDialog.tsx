// Migrate to Server… on several VMs of one pool ("Migrate VMs"): each server of the pool with how
// many of the VMs it can take (multi-migrate.ts: the drop's rules, then the server asked), the VMs
// that would go to the chosen one and why the others stay; Migrate sends one Async.VM.pool_migrate per
// VM that can go, each its own task in the Events panel. VMs of several pools: one sentence saying so.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { runCommand } from '../../framework/run-command';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { MIGRATE_COMMAND, migrateVm } from './commands';
import { poolDisplayName } from './cross-pool';
import { bestServer, fitWords, pairsToAsk, poolServers, serverFits, severalPoolsReason, type ServerFit } from './multi-migrate';
import { usePairChecks } from './use-pair-checks';
import './migrate-vms.css';

export function MigrateVmsDialog({ targets }: { targets: SelectedObject[] }) {
  const close = useUi((s) => s.closeDialog);
  const several = useMemo(() => severalPoolsReason(appStore.getState(), targets), [targets]);
  return (
    <Dialog title="Migrate VMs" onCancel={close} className="migrate-vms">
      {several ? <SeveralPools reason={several} close={close} /> : <OnePool targets={targets} close={close} />}
    </Dialog>
  );
}

function SeveralPools({ reason, close }: { reason: string; close(): void }) {
  return (
    <>
      <p role="status" className="dialog-text">{reason}</p>
      <div className="dialog-buttons"><button type="button" data-autofocus onClick={close}>Close</button></div>
    </>
  );
}

function OnePool({ targets, close }: { targets: SelectedObject[]; close(): void }) {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const version = useApp((s) => s.version);
  const connectionId = targets[0]?.connectionId ?? '';
  const servers = useMemo(() => { void version; return poolServers(appStore.getState(), connectionId); }, [version, connectionId]);
  const pairs = useMemo(() => { void version; return pairsToAsk(appStore.getState(), targets, servers); }, [version, targets, servers]);
  const answers = usePairChecks(pairs);
  const fits = useMemo(() => { void version; return serverFits(appStore.getState(), targets, servers, answers); }, [version, targets, servers, answers]);
  const [choice, setChoice] = useState<string>();
  const chosen = fits.find((f) => f.server.ref === (choice ?? bestServer(fits)));
  const poolName = useMemo(() => poolDisplayName(appStore.getState(), connectionId), [connectionId]);
  const textId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || chosen.going.length === 0) return;
    const hostRef = chosen.server.ref;
    close();
    // Through runCommand: each VM is checked again (it may have moved meanwhile) and gets its own task.
    void runCommand({
      ...MIGRATE_COMMAND, dialog: undefined, multiDialog: undefined, eachObject: true,
      execute: (sel, b, store) => Promise.all(sel.map((vm) => migrateVm(b, vm, hostRef, store))),
    }, chosen.going, bridge, appStore, pushAlert);
  };
  const blocker = !chosen ? (fits.some((f) => f.checking) ? 'Asking the servers which VMs they can take…' : 'No server of the pool can take any of these VMs')
    : chosen.checking ? `Asking ${chosen.server.name} which VMs it can take…`
      : chosen.going.length === 0 ? `${chosen.server.name} can take none of these VMs` : undefined;
  return (
    <form onSubmit={submit} noValidate aria-describedby={textId}>
      <p id={textId} className="dialog-text">
        Migrate {targets.length} VMs to another server of &apos;{poolName}&apos;. The VMs the server can take go there, each its own task; the others stay where they are.
      </p>
      <fieldset className="choice-group migrate-servers">
        <legend>Destination server</legend>
        {fits.length === 0 ? <p className="field-hint">The pool has no servers.</p> : fits.map((f) => (
          <ServerChoice key={f.server.ref} fit={f} checked={f === chosen} onChoose={() => setChoice(f.server.ref)} />
        ))}
      </fieldset>
      {chosen ? <VmList fit={chosen} /> : null}
      <div className="dialog-buttons">
        <button type="submit" className="primary" disabled={!!blocker} title={blocker}>
          {chosen && chosen.going.length > 0 && !chosen.checking ? `Migrate ${chosen.going.length === 1 ? '1 VM' : `${chosen.going.length} VMs`}` : 'Migrate'}
        </button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}

/** One server: a radio named by the server, with how many of the VMs it takes as its description. */
function ServerChoice({ fit, checked, onChoose }: { fit: ServerFit; checked: boolean; onChoose(): void }) {
  const nameId = useId();
  const wordsId = useId();
  const none = !fit.checking && fit.going.length === 0;
  return (
    <label className={`choice server-fit${none ? ' none' : ''}`}>
      <input type="radio" name="migrate-server" checked={checked} onChange={onChoose} aria-labelledby={nameId} aria-describedby={wordsId} />
      <span id={nameId} className="choice-name">{fit.server.name}</span>
      <span id={wordsId} className="fit-words">{fitWords(fit)}</span>
    </label>
  );
}

/** The VMs with the chosen server: which go, and why each other one stays. */
function VmList({ fit }: { fit: ServerFit }) {
  return (
    <div className="migrate-vm-fits">
      <div className="field-hint">To {fit.server.name}:</div>
      <ul aria-label={`The VMs and ${fit.server.name}`}>
        {fit.vms.map((f) => (
          <li key={f.vm.ref} className={f.state === 'refused' ? 'stays' : undefined}>
            <strong>{f.name}</strong>{' '}
            {f.alreadyThere ? 'is on it already' : f.state === 'refused' ? <>stays: {f.reason}</>
              : f.state === 'checking' ? 'checking…' : f.state === 'unchecked' ? 'goes (checked when it migrates)' : 'goes'}
          </li>
        ))}
      </ul>
    </div>
  );
}
