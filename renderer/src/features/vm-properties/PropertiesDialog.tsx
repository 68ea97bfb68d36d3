// "'<VM name>' Properties": XenCenter's property pages of a VM or template in a side list (a vertical
// tablist: Up/Down move between pages), OK / Cancel. OK checks what was typed (the page with a problem
// is shown with it), then sends only the changes (vmProperties.apply: main runs them on one task the
// Events panel shows); the dialog waits for that task and stays open with the error if it fails.
import { useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { changesOf, formOf, formProblems, hasChanges, isHvm, PAGE_TITLES, type PageId, type PropsForm } from './model';
import { PropertiesDialogFrame, usePropertiesForm } from '../../ui/PropertyPages';
import { propertiesTask } from '../../framework/properties-task';
import { AdvancedPage, AlertsVmPage, BootPage, CpuPage, CustomFieldsVmPage, GeneralPage, HomeServerPage, StartPage, type PageProps } from './pages';

type Rec = Record<string, unknown>;
const TITLE = 'Changing properties of';

export function pagesOf(vm: Rec): PageId[] {
  const pages: PageId[] = ['general', 'custom', 'cpu'];
  if (vm.is_a_template !== true) pages.push('home', 'start');
  pages.push('boot', 'alerts');
  if (isHvm(vm)) pages.push('advanced');
  return pages;
}

export function VmPropertiesDialog({ target }: { target: SelectedObject }) {
  const close = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const vm = useApp((s) => s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)) ?? {};
  const f = usePropertiesForm(() => formOf(appStore.getState().objects.get(target.connectionId)?.get('vm')?.get(target.ref) ?? {}), (form: PropsForm) => formProblems(form, vm), 'general' as PageId);
  const pages = useMemo(() => pagesOf(vm), [vm]);
  const name = f.initial.name;
  const props: PageProps = { form: f.form, set: f.set, vm, connectionId: target.connectionId, problems: f.pageProblems };

  const onOk = () => {
    if (!f.check()) return undefined;
    const changes = changesOf(f.initial, f.form, vm);
    if (!hasChanges(changes)) { close(); return undefined; }
    return () => bridge.request('vmProperties.apply', { connectionId: target.connectionId, vmRef: target.ref, changes });
  };

  const Page = { general: GeneralPage, custom: CustomFieldsVmPage, cpu: CpuPage, home: HomeServerPage, start: StartPage, boot: BootPage, alerts: AlertsVmPage, advanced: AdvancedPage }[f.page];
  return (
    <PropertiesDialogFrame name={name} className="vm-properties" onCancel={close} onDone={close} onOk={onOk}
      pages={f.tabs(pages, PAGE_TITLES)} page={f.page} onPage={(p) => f.setPage(p as PageId)}
      {...propertiesTask(target.connectionId, { title: TITLE, vm: name, ref: target.ref })}>
      <Page {...props} />
    </PropertiesDialogFrame>
  );
}
