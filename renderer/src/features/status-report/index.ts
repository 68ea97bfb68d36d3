// Server Status Report: Tools > Server Status Report… opens the wizard (StatusReportWizard.tsx); main
// collects the hosts' reports into one zip (electron/core/features/status-report).
import { at, type Feature } from '../../framework/feature';
import type { Action } from '../../framework/command';
import { StatusReportWizard } from './StatusReportWizard';

export const STATUS_REPORT_DIALOG = 'statusReport';

export const STATUS_REPORT_ACTION: Action = {
  id: 'tools.statusReport',
  label: 'Server Status Report…',
  perform: ({ ui }) => ui.openDialog(STATUS_REPORT_DIALOG),
};

export const statusReportFeature: Feature = {
  id: 'status-report',
  commands: [{ entry: STATUS_REPORT_ACTION, places: [at('menu:tools', 5)] }],
  dialogs: [{ kind: STATUS_REPORT_DIALOG, component: StatusReportWizard }],
};
