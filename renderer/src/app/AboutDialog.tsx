// Help > About PoolDesk: what this build is.
import { useUi } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { BUILD, aboutRows } from './build-info';

export function AboutDialog() {
  const close = useUi((s) => s.closeDialog);
  return (
    <Dialog title="About PoolDesk" onCancel={close}>
      <p>PoolDesk — a desktop client for XenServer and XCP-ng pools.</p>
      <dl className="about-build">
        {aboutRows(BUILD).map(([k, v]) => <div key={k} className="prop-row"><dt>{k}</dt><dd className={k === 'Version' ? undefined : 'mono'}>{v}</dd></div>)}
      </dl>
      <div className="dialog-buttons"><button type="button" className="primary" onClick={close}>OK</button></div>
    </Dialog>
  );
}
