// Properties of hosts, pools, SRs and networks, and the custom field definitions of a connection:
// applied by main as one task each (shared/object-properties/).
import { MAX_SEARCH_XML, OBJECT_CHANGE_KEYS, objectChangeProblems, SAVED_SEARCH_ID, PROPERTY_CLASSES, type ObjectPropertyChanges, type PropertyClass } from '../../object-properties/plan';
import { fieldNameProblem, MAX_CUSTOM_FIELDS, type CustomFieldDefinition } from '../../object-properties/custom-fields';
import { parsePerfmonSettings } from '../../perfmon/contract';
import { ContractError, exactKeys, isPlainObject, OPAQUE_REF, ref, str, type Validators } from '../checks';

export interface ObjectPropertiesRequests {
  /**
   * Only the changed properties of one host, pool, SR or network; main reads the object live, plans
   * the calls and runs them on one task ("Changing properties of '<name>'") that ends with the first error.
   */
  'objectProperties.apply': { args: { connectionId: string; cls: PropertyClass; ref: string; changes: ObjectPropertyChanges }; result: { taskRef: string } };
  /**
   * Adds or removes a custom field definition in the pool's gui_config (read live, so a field another
   * client added meanwhile is kept); removing one also removes its values from every object, as XenCenter.
   */
  'objectProperties.editCustomFields': { args: { connectionId: string; add?: CustomFieldDefinition; remove?: string }; result: { taskRef: string } };
}

const MAX_TEXT = 4096;
const MAX_TAGS = 256;

function text(v: Record<string, unknown>, k: string): string {
  const s = v[k];
  if (typeof s !== 'string' || s.length > MAX_TEXT) throw new ContractError(`"${k}" must be a string of at most ${MAX_TEXT} characters`);
  return s;
}

/** The changes object: known keys only, each of its type; then the checks that need no server state. */
export function parseObjectChanges(cls: PropertyClass, v: unknown): ObjectPropertyChanges {
  if (!isPlainObject(v)) throw new ContractError('"changes" must be an object');
  exactKeys(v, [...OBJECT_CHANGE_KEYS]);
  const out: ObjectPropertyChanges = {};
  if (v.name !== undefined) out.name = text(v, 'name');
  if (v.description !== undefined) out.description = text(v, 'description');
  if (v.folder !== undefined) {
    out.folder = text(v, 'folder');
    if (out.folder !== '' && !out.folder.startsWith('/')) throw new ContractError('"folder" must be empty or a path starting with "/"');
  }
  if (v.syslogDestination !== undefined) out.syslogDestination = text(v, 'syslogDestination');
  if (v.emptyFolders !== undefined) {
    out.emptyFolders = text(v, 'emptyFolders');
    if (out.emptyFolders !== '' && !out.emptyFolders.split(';').every((p) => p.startsWith('/'))) throw new ContractError('"emptyFolders" must be folder paths starting with "/", separated by ";"');
  }
  for (const k of ['tagsAdd', 'tagsRemove'] as const) {
    if (v[k] === undefined) continue;
    const a = v[k];
    if (!Array.isArray(a) || a.length > MAX_TAGS || !a.every((t) => typeof t === 'string' && t.length > 0 && t.length <= MAX_TEXT)) {
      throw new ContractError(`"${k}" must be a list of non-empty strings`);
    }
    out[k] = a as string[];
  }
  if (v.customFields !== undefined) {
    const m = v.customFields;
    if (!isPlainObject(m) || Object.keys(m).length > MAX_CUSTOM_FIELDS) throw new ContractError('"customFields" must be an object of field names to values');
    for (const [name, value] of Object.entries(m)) {
      if (fieldNameProblem(name) !== undefined) throw new ContractError(`"customFields" has a bad field name: ${fieldNameProblem(name)}`);
      if (typeof value !== 'string' || value.length > MAX_TEXT) throw new ContractError('"customFields" values must be strings');
    }
    out.customFields = { ...(m as Record<string, string>) };
  }
  if (v.savedSearches !== undefined) {
    const m = v.savedSearches;
    if (!isPlainObject(m) || Object.keys(m).length === 0 || Object.keys(m).length > 64) throw new ContractError('"savedSearches" must be an object of 1 to 64 search ids to XML');
    for (const [id, xml] of Object.entries(m)) {
      if (!SAVED_SEARCH_ID.test(id)) throw new ContractError('"savedSearches" has a bad search id');
      if (typeof xml !== 'string' || xml.length > MAX_SEARCH_XML || (xml !== '' && !xml.startsWith('<Search '))) throw new ContractError('"savedSearches" values must be a <Search> element, or empty to delete');
    }
    out.savedSearches = { ...(m as Record<string, string>) };
  }
  if (v.defaultSR !== undefined) {
    if (typeof v.defaultSR !== 'string' || !OPAQUE_REF.test(v.defaultSR)) throw new ContractError('"defaultSR" must be an OpaqueRef');
    out.defaultSR = v.defaultSR;
  }
  if (v.mtu !== undefined) {
    if (typeof v.mtu !== 'number' || !Number.isInteger(v.mtu)) throw new ContractError('"mtu" must be a whole number');
    out.mtu = v.mtu;
  }
  for (const k of ['automatic', 'multipathing'] as const) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'boolean') throw new ContractError(`"${k}" must be true or false`);
    out[k] = v[k] as boolean;
  }
  if (v.email !== undefined) {
    const e = v.email;
    if (e === null) out.email = null;
    else {
      if (!isPlainObject(e)) throw new ContractError('"email" must be null or an object');
      exactKeys(e, ['address', 'server', 'port', 'language']);
      if (typeof e.address !== 'string' || typeof e.server !== 'string' || typeof e.port !== 'number' || typeof e.language !== 'string') {
        throw new ContractError('"email" needs address, server and language strings and a port number');
      }
      out.email = { address: e.address, server: e.server, port: e.port, language: e.language };
    }
  }
  if (v.perfmon !== undefined) {
    if (cls !== 'host' && cls !== 'SR') throw new ContractError(`A ${cls} has no alerts`);
    out.perfmon = parsePerfmonSettings(cls, v.perfmon);
  }
  if (Object.keys(out).length === 0) throw new ContractError('"changes" is empty: nothing to change');
  // Multipathing needs the host's state: checked in main against its live record.
  const problems = objectChangeProblems(cls, { ...out, multipathing: undefined }, {});
  if (problems.length > 0) throw new ContractError(problems[0]);
  return out;
}

function definition(v: unknown): CustomFieldDefinition {
  if (!isPlainObject(v)) throw new ContractError('"add" must be an object');
  exactKeys(v, ['name', 'type']);
  if (typeof v.name !== 'string') throw new ContractError('"add.name" must be a string');
  const problem = fieldNameProblem(v.name);
  if (problem) throw new ContractError(problem);
  if (v.type !== 'String' && v.type !== 'Date') throw new ContractError('"add.type" must be "String" or "Date"');
  return { name: v.name, type: v.type };
}

export const OBJECT_PROPERTIES_VALIDATORS: Validators<ObjectPropertiesRequests> = {
  'objectProperties.apply': (o) => {
    exactKeys(o, ['connectionId', 'cls', 'ref', 'changes']);
    const cls = o.cls;
    if (typeof cls !== 'string' || !(PROPERTY_CLASSES as readonly string[]).includes(cls)) throw new ContractError('"cls" must be host, pool, SR or network');
    return { connectionId: str(o, 'connectionId'), cls: cls as PropertyClass, ref: ref(o, 'ref'), changes: parseObjectChanges(cls as PropertyClass, o.changes) };
  },
  'objectProperties.editCustomFields': (o) => {
    exactKeys(o, ['connectionId', 'add', 'remove']);
    const out: { connectionId: string; add?: CustomFieldDefinition; remove?: string } = { connectionId: str(o, 'connectionId') };
    if (o.add !== undefined) out.add = definition(o.add);
    if (o.remove !== undefined) {
      if (typeof o.remove !== 'string' || fieldNameProblem(o.remove) !== undefined) throw new ContractError('"remove" must be a field name');
      out.remove = o.remove;
    }
    if ((out.add === undefined) === (out.remove === undefined)) throw new ContractError('give one of "add" or "remove"');
    return out;
  },
};
