import { VM_COMMANDS } from '../commands';
import { NEW_VM_COMMAND } from '../commands';
import { useUi } from '../store/ui';
import { useCommandStates, useRunCommand } from './use-commands';

const ICONS: Record<string, string> = {
  'vm.start': '▶', 'vm.shutdown': '■', 'vm.forceShutdown': '■', 'vm.reboot': '↻', 'vm.forceReboot': '↻',
  'vm.suspend': '☾', 'vm.resume': '▶', 'vm.pause': '❚❚', 'vm.unpause': '▶',
};

export function Toolbar() {
  const selection = useUi((s) => s.selection);
  const setUi = useUi((s) => s.set);
  const run = useRunCommand();
  const states = useCommandStates(VM_COMMANDS, selection);
  const [newVm] = useCommandStates([NEW_VM_COMMAND], selection);
  return (
    <div role="toolbar" aria-label="Toolbar" className="toolbar">
      <button type="button" className="tb-button" onClick={() => setUi('addServerOpen', true)}>
        <span className="tb-icon add" aria-hidden="true">+</span>Add Server
      </button>
      <button type="button" className="tb-button cmd-vm-new" disabled={!newVm.enabled} title={newVm.reason} onClick={() => run(NEW_VM_COMMAND, selection)}>
        <span className="tb-icon add" aria-hidden="true">✚</span>New VM
      </button>
      <span className="tb-sep" role="separator" aria-orientation="vertical" />
      {VM_COMMANDS.map((c, i) => (
        <button
          key={c.id}
          type="button"
          className={`tb-button cmd-${c.id.replace('.', '-')}`}
          disabled={!states[i].enabled}
          title={states[i].reason}
          onClick={() => run(c, selection)}
        >
          <span className={`tb-icon ${c.id.replace('.', '-')}`} aria-hidden="true">{ICONS[c.id]}</span>{c.label}
        </button>
      ))}
    </div>
  );
}
