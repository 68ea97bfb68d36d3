// Notifications > Alerts: the XAPI messages of the connected servers (docs/renderer.md "Alerts").
// The shell's bottom panel shows the view and its switch; nothing here registers in a menu.
export { AlertsView } from './AlertsView';
export { AlertsTab } from './AlertsTab';
export { useAlertsUi } from './alerts-ui';
export { DesktopNotifier } from './DesktopNotifier';
