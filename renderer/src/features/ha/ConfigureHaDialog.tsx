// The 'configureHa' dialog kind: the HA wizard while HA is off, the priorities dialog while it is on
// (XenCenter's HAConfigureCommand), chosen once when it opens.
import { useState } from 'react';
import { appStore } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { record } from '../../xapi-model/records';
import { HaWizard } from './HaWizard';
import { EditHaDialog } from './EditHaDialog';

export function ConfigureHaDialog({ target }: { target: SelectedObject }) {
  const [on] = useState(() => record(appStore.getState(), target.connectionId, 'pool', target.ref)?.ha_enabled === true);
  return on ? <EditHaDialog target={target} /> : <HaWizard target={target} />;
}
