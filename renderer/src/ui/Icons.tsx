// Inline SVG icons (16x16). Decorative: the row's text and description carry the meaning.
import type { TreeNode } from '../tree/build-tree';

const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true as const, focusable: 'false' as const };

function Badge({ state }: { state?: string }) {
  switch (state) {
    case 'Running':
      return <g><circle cx="12" cy="12" r="4" fill="#1f9d3a" /><path d="M10.6 9.9v4.2l3.4-2.1z" fill="#fff" /></g>;
    case 'Halted':
      return <g><circle cx="12" cy="12" r="4" fill="#c4372c" /><rect x="10.3" y="10.3" width="3.4" height="3.4" fill="#fff" /></g>;
    case 'Suspended':
      return <g><circle cx="12" cy="12" r="4" fill="#6a4fc4" /><path d="M13.6 10a2.2 2.2 0 1 0 0 4 2.6 2.6 0 0 1 0-4z" fill="#fff" /></g>;
    case 'Paused':
      return <g><circle cx="12" cy="12" r="4" fill="#d98a00" /><rect x="10.2" y="10" width="1.3" height="4" fill="#fff" /><rect x="12.5" y="10" width="1.3" height="4" fill="#fff" /></g>;
    case 'live':
      return <circle cx="12.5" cy="12.5" r="3" fill="#1f9d3a" stroke="#fff" strokeWidth="1" />;
    case 'dead':
      return <circle cx="12.5" cy="12.5" r="3" fill="#c4372c" stroke="#fff" strokeWidth="1" />;
    case 'disabled':
      return <circle cx="12.5" cy="12.5" r="3" fill="#d98a00" stroke="#fff" strokeWidth="1" />;
    case 'maintenance':
      // A spanner on amber: disabled for maintenance, not merely disabled.
      return <g><circle cx="12" cy="12" r="4" fill="#d98a00" stroke="#fff" strokeWidth="0.8" /><path d="M10 14l3-3m-.6-1.3a1.3 1.3 0 1 0 1.9 1.9" stroke="#fff" strokeWidth="1.2" strokeLinecap="round" fill="none" /></g>;
    case 'unknown':
      // The connection is not connected: a grey question mark, never a colour that claims a state.
      return <g><circle cx="12" cy="12" r="4" fill="#8a8f98" stroke="#fff" strokeWidth="0.8" /><path d="M10.8 10.9a1.3 1.3 0 1 1 1.9 1.1c-.5.3-.7.5-.7 1" stroke="#fff" strokeWidth="1" fill="none" strokeLinecap="round" /><circle cx="12" cy="14.4" r="0.55" fill="#fff" /></g>;
    default:
      return null;
  }
}

export function VmIcon({ state }: { state?: string }) {
  return (
    <svg {...common} className="icon icon-vm">
      <rect x="1" y="2" width="12" height="9" rx="1.2" fill="#e8eef7" stroke="#51698c" />
      <rect x="4" y="12" width="6" height="1.5" fill="#51698c" />
      <Badge state={state} />
    </svg>
  );
}

export function HostIcon({ state }: { state?: string }) {
  return (
    <svg {...common} className="icon icon-host">
      <rect x="1.5" y="2" width="11" height="4" rx="0.8" fill="#dfe5ec" stroke="#4b5b6e" />
      <rect x="1.5" y="7" width="11" height="4" rx="0.8" fill="#dfe5ec" stroke="#4b5b6e" />
      <circle cx="3.7" cy="4" r="0.8" fill="#4b5b6e" /><circle cx="3.7" cy="9" r="0.8" fill="#4b5b6e" />
      <Badge state={state} />
    </svg>
  );
}

export function PoolIcon() {
  return (
    <svg {...common} className="icon icon-pool">
      <rect x="0.5" y="3" width="7" height="10" rx="0.8" fill="#dfe5ec" stroke="#4b5b6e" />
      <rect x="8.5" y="3" width="7" height="10" rx="0.8" fill="#dfe5ec" stroke="#4b5b6e" />
      <path d="M2 6h4M2 8h4M10 6h4M10 8h4" stroke="#4b5b6e" />
    </svg>
  );
}

export function SrIcon() {
  return (
    <svg {...common} className="icon icon-sr">
      <ellipse cx="8" cy="3.5" rx="6" ry="2" fill="#f1e7c9" stroke="#8a6d1f" />
      <path d="M2 3.5v9c0 1.1 2.7 2 6 2s6-.9 6-2v-9" fill="#f1e7c9" stroke="#8a6d1f" />
      <path d="M2 8c0 1.1 2.7 2 6 2s6-.9 6-2" fill="none" stroke="#8a6d1f" />
    </svg>
  );
}

export function NetworkIcon() {
  return (
    <svg {...common} className="icon icon-network">
      <rect x="5.5" y="1" width="5" height="4" fill="#dbeadf" stroke="#2f6b3f" />
      <rect x="1" y="11" width="5" height="4" fill="#dbeadf" stroke="#2f6b3f" />
      <rect x="10" y="11" width="5" height="4" fill="#dbeadf" stroke="#2f6b3f" />
      <path d="M8 5v3M3.5 11V8h9v3" fill="none" stroke="#2f6b3f" />
    </svg>
  );
}

export function TemplateIcon() {
  return (
    <svg {...common} className="icon icon-template">
      <path d="M3 1.5h7l3 3v10H3z" fill="#fff" stroke="#6b7a8c" />
      <path d="M10 1.5v3h3" fill="none" stroke="#6b7a8c" />
      <path d="M5 7h6M5 9.5h6M5 12h4" stroke="#9aa7b6" />
    </svg>
  );
}

export function SnapshotIcon() {
  return (
    <svg {...common} className="icon icon-snapshot">
      <rect x="1" y="4" width="14" height="10" rx="1.5" fill="#e8eef7" stroke="#51698c" />
      <path d="M5 4l1.2-2h3.6L11 4" fill="#e8eef7" stroke="#51698c" />
      <circle cx="8" cy="9" r="3" fill="#fff" stroke="#51698c" />
    </svg>
  );
}

export function ConnectionIcon({ state }: { state?: string }) {
  const color = state === 'failed' ? '#c4372c' : state === 'connected' ? '#1f9d3a'
    : state === 'connecting' || state === 'reconnecting' ? '#d98a00' : '#8a94a3';
  return (
    <svg {...common} className={`icon icon-connection${state ? ` conn-${state}` : ''}`}>
      <rect x="1.5" y="2" width="11" height="4" rx="0.8" fill={state === 'connected' ? '#dfe5ec' : '#eef0f3'} stroke={state === 'connected' ? '#4b5b6e' : '#8a94a3'} />
      <rect x="1.5" y="7" width="11" height="4" rx="0.8" fill={state === 'connected' ? '#dfe5ec' : '#eef0f3'} stroke={state === 'connected' ? '#4b5b6e' : '#8a94a3'} />
      <circle cx="12.5" cy="12.5" r="3.2" fill={color} stroke="#fff" strokeWidth="1" />
      {state === 'disconnected' ? <path d="M10.9 12.5h3.2" stroke="#fff" strokeWidth="1.3" /> : null}
      {state === 'failed' ? <path d="M12.5 10.8v2.1M12.5 13.8v.4" stroke="#fff" strokeWidth="1.2" /> : null}
    </svg>
  );
}

export function TagIcon() {
  return (
    <svg {...common} className="icon icon-tag">
      <path d="M1.5 2.5v4.6l7 7 5.6-5.6-7-7H2.5a1 1 0 0 0-1 1z" fill="#fbe3b0" stroke="#b07a12" strokeLinejoin="round" />
      <circle cx="4.6" cy="4.6" r="1.2" fill="#b07a12" />
    </svg>
  );
}

/** A saved search (XenCenter's magnifier). */
export function SearchIcon() {
  return (
    <svg {...common} className="icon icon-search">
      <circle cx="6.5" cy="6.5" r="4.2" fill="#e3eefa" stroke="#2f6db3" strokeWidth="1.4" />
      <path d="M9.6 9.6l4.4 4.4" stroke="#2f6db3" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function FolderIcon() {
  return (
    <svg {...common} className="icon icon-folder">
      <path d="M1.5 3.5a1 1 0 0 1 1-1h3.6l1.5 1.6h5.9a1 1 0 0 1 1 1v7.4a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" fill="#f6d67a" stroke="#b8921f" strokeLinejoin="round" />
    </svg>
  );
}

export function NodeIcon({ node }: { node: TreeNode }) {
  switch (node.kind) {
    case 'vm': return <VmIcon state={node.state} />;
    case 'host': return <HostIcon state={node.state} />;
    case 'pool': return <PoolIcon />;
    case 'sr': return <SrIcon />;
    case 'network': return <NetworkIcon />;
    case 'template': return <TemplateIcon />;
    case 'snapshot': return <SnapshotIcon />;
    case 'connection': return <ConnectionIcon state={node.state} />;
    case 'tag': return <TagIcon />;
    case 'folder': return <FolderIcon />;
    case 'search': return <SearchIcon />;
    case 'group': return <GroupIcon id={node.id} />;
    default: return null;
  }
}

/** Objects by Type's root: objects of several kinds (XenCenter's Icons.Objects), not a folder. */
function ObjectsIcon() {
  return (
    <svg {...common} className="icon icon-objects">
      <rect x="1.5" y="1.5" width="5.5" height="5.5" rx="1" fill="#dfe5ec" stroke="#4b5b6e" />
      <rect x="9" y="1.5" width="5.5" height="5.5" rx="1" fill="#cfe3f7" stroke="#2f6db3" />
      <rect x="1.5" y="9" width="5.5" height="5.5" rx="1" fill="#fbe3b0" stroke="#b07a12" />
      <rect x="9" y="9" width="5.5" height="5.5" rx="1" fill="#d7efd9" stroke="#2f8a43" />
    </svg>
  );
}

/** Objects by Custom Field's rows (XenCenter's Icons.CustomField): a labelled field, name and value. */
function CustomFieldIcon() {
  return (
    <svg {...common} className="icon icon-custom-field">
      <rect x="1.5" y="3" width="13" height="10" rx="1" fill="#eef3e4" stroke="#5c7a2e" />
      <rect x="3.5" y="5.5" width="3.5" height="1.5" fill="#5c7a2e" />
      <rect x="3.5" y="9" width="9" height="1.5" fill="#9bb86a" />
    </svg>
  );
}

/** Objects by vApp's rows (XenCenter's Icons.VmAppliance): VMs held together in one box. */
function VAppIcon() {
  return (
    <svg {...common} className="icon icon-vapp">
      <rect x="0.5" y="1.5" width="15" height="13" rx="1.5" fill="#f2f5fa" stroke="#51698c" strokeDasharray="2 1" />
      <rect x="2.5" y="4" width="5" height="4" rx="0.6" fill="#e8eef7" stroke="#51698c" />
      <rect x="8.5" y="4" width="5" height="4" rx="0.6" fill="#e8eef7" stroke="#51698c" />
      <rect x="5.5" y="9.5" width="5" height="3.5" rx="0.6" fill="#e8eef7" stroke="#51698c" />
    </svg>
  );
}

/** A group row: the Tags root a tag; Objects by Type's root its own; Objects by Custom Field's rows a field, Objects
 *  by vApp's a vApp; a group of Objects by Type its members' icon (XenCenter's
 *  ObjectTypes_images); anything else a folder. */
function GroupIcon({ id }: { id: string }) {
  if (id === 'group|tags') return <TagIcon />;
  if (id === 'group|types') return <ObjectsIcon />;
  if (id === 'group|customfields' || id.startsWith('group|customfield|')) return <CustomFieldIcon />;
  if (id === 'group|vapps' || id.startsWith('group|vapp|')) return <VAppIcon />;
  switch (id.startsWith('group|type|') ? id.slice('group|type|'.length) : '') {
    case 'pool': return <PoolIcon />;
    case 'host': return <HostIcon />;
    case 'disconnected': return <ConnectionIcon state="disconnected" />;
    case 'vm': return <VmIcon />;
    case 'snapshot': return <SnapshotIcon />;
    case 'custom-template': case 'default-template': return <TemplateIcon />;
    case 'remote-sr': case 'local-sr': return <SrIcon />;
    case 'network': return <NetworkIcon />;
    default: return <FolderIcon />;
  }
}

export function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false" className={`chevron${open ? ' open' : ''}`}>
      <path d="M3 1.5 7 5 3 8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
