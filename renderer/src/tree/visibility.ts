// Which objects the navigation tree draws, as XenCenter decides it: its View menu options
// (Properties/Settings.settings defaults), VM.Show and SR.Show, and GroupAlg.Hide (WIRE.md,
// "Where objects live in XenCenter's Infrastructure tree"). Pure predicates over one record; the
// rule that needs the pool (an object whose home host is not live is not drawn) is in build-tree.ts.
import { str } from '../xapi-model/format';
import { isRef } from '../xapi-model/refs';

type Rec = Record<string, unknown>;

/** The View menu's tree options. */
export interface TreeOptions {
  /** Templates without other_config default_template (XenCenter's UserTemplatesVisible). */
  showCustomTemplates?: boolean;
  /** The templates the server ships (DefaultTemplatesVisible). */
  showDefaultTemplates?: boolean;
  /** SRs of a local type: lvm, ext, udev (DVD drives, removable storage)… (LocalSRsVisible). */
  showLocalStorage?: boolean;
  showSnapshots?: boolean;
  /** Objects with other_config HideFromXenCenter=true, and SRs a DR task introduced (ShowHiddenVMs). */
  showHidden?: boolean;
  /** Networks at pool level, after storage (XenCenter lists them in its Objects view; off by default). */
  showNetworks?: boolean;
}

/** XenCenter's defaults: custom templates and local storage shown; default templates, snapshots, hidden objects not. */
export const DEFAULT_TREE_OPTIONS: Readonly<Required<TreeOptions>> = {
  showCustomTemplates: true, showDefaultTemplates: false, showLocalStorage: true, showSnapshots: false, showHidden: false, showNetworks: false,
};

/** The options in force: anything not given takes XenCenter's default. */
export function treeOptions(opts: TreeOptions = {}): Required<TreeOptions> {
  const out = { ...DEFAULT_TREE_OPTIONS };
  for (const k of Object.keys(DEFAULT_TREE_OPTIONS) as Array<keyof TreeOptions>) {
    const v = opts[k];
    if (typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** XAPI booleans, and the 'true' strings some clients write into other_config. */
export const truthy = (v: unknown): boolean => v === true || v === 'true';
const otherConfig = (rec: Rec): Rec => (rec.other_config && typeof rec.other_config === 'object' ? rec.other_config as Rec : {});
const hasOwn = (o: Rec, k: string): boolean => Object.hasOwn(o, k) && o[k] !== undefined && o[k] !== null;

/** Objects XenCenter itself makes for a moment (Helpers.GuiTempObjectPrefix): never drawn. */
const GUI_TEMP_PREFIX = '__gui__';

export function isHiddenFromXenCenter(rec: Rec): boolean {
  return str(otherConfig(rec).HideFromXenCenter).toLowerCase() === 'true';
}

/** A template the server ships (XenCenter's VM.DefaultTemplate: the other_config key is present). */
export function isDefaultTemplate(vm: Rec): boolean {
  return truthy(vm.is_default_template) || hasOwn(otherConfig(vm), 'default_template');
}

/** The tools ISO SR (is_tools_sr; on hosts older than that field, its name). */
export function isToolsSr(sr: Rec): boolean {
  return truthy(sr.is_tools_sr) || str(sr.name_label) === 'XenServer Tools';
}

// SR.IsLocalSR: the types the "Local Storage" option covers (local and tmpfs are never drawn anyway).
const LOCAL_SR_TYPES = new Set(['local', 'ext', 'lvm', 'udev', 'egeneracd', 'dummy']);
export function isLocalSrType(sr: Rec): boolean {
  return LOCAL_SR_TYPES.has(str(sr.type));
}

/** SR.Show plus GroupAlg.Hide's tools SR rule and the Local Storage option (not the home-host rule). */
export function srShown(sr: Rec, o: Required<TreeOptions>): boolean {
  const type = str(sr.type);
  // Old CD drives (CA-15012) and the memory SR are never drawn, nor is the tools ISO SR.
  if (str(sr.name_label).startsWith(GUI_TEMP_PREFIX) || type === 'local' || type === 'tmpfs' || isToolsSr(sr)) return false;
  if (!o.showLocalStorage && isLocalSrType(sr)) return false;
  if (o.showHidden) return true;
  // SRs a disaster-recovery task introduced belong to that task's wizard (CP-2458).
  const dr = sr.introduced_by;
  if (isRef(dr)) return false;
  return !isHiddenFromXenCenter(sr);
}

export type VmRowKind = 'vm' | 'template' | 'snapshot';

/** VM.Show, the control-domain rule and the template/snapshot options (not the home-host rule). */
export function vmShown(vm: Rec, kind: VmRowKind, o: Required<TreeOptions>): boolean {
  if (truthy(vm.is_control_domain)) return false;
  // Templates for xapi's own use, and XenCenter's temporary objects.
  if (hasOwn(otherConfig(vm), 'xensource_internal') || str(vm.name_label).startsWith(GUI_TEMP_PREFIX)) return false;
  if (!o.showHidden && isHiddenFromXenCenter(vm)) return false;
  if (kind === 'snapshot') return o.showSnapshots;
  if (kind === 'template') return isDefaultTemplate(vm) ? o.showDefaultTemplates : o.showCustomTemplates;
  return true;
}
