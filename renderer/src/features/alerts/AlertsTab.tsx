// The bottom panel's "Alerts" switch with its count: visible whatever is selected, and while the
// panel is collapsed, as XenCenter's Notifications button shows its alert count.
import { useAlertCount } from './use-alerts';

export function AlertsTab({ pressed, onClick }: { pressed: boolean; onClick(): void }) {
  const { total, urgent } = useAlertCount();
  const label = `Alerts${total ? `, ${total}${urgent ? `, ${urgent} critical or major` : ''}` : ''}`;
  return (
    <button type="button" className="bottom-tab alerts-tab" aria-pressed={pressed} aria-label={label} onClick={onClick}
      title={urgent ? `${urgent} critical or major alert${urgent === 1 ? '' : 's'}` : undefined}>
      Alerts{total ? <span className={`alerts-badge${urgent ? '' : ' quiet'}`} data-count={total}>{total}</span> : null}
    </button>
  );
}
