// XenCenter's search XML: what XenCenter writes (SearchMarshalling: the gui_config value and the
// .xensearch file) reads into the search it means, what we write is byte for byte XenCenter's layout,
// conditions this version does not know survive a round trip, and hostile input fails in words.
import { describe, expect, it } from 'vitest';
import {
  readSearch, searchesFromFile, searchesToFile, searchFromGuiConfig, searchToGuiConfig,
} from '../../shared/xensearch/codec';
import { parseXml } from '../../shared/xensearch/xml-tree';
import { DEFAULT_SEARCHES } from '../../shared/xensearch/builtin';
import type { Search } from '../../shared/xensearch/query';

// As XenCenter 8.x writes a saved search into gui_config (XmlNode.OuterXml): VMs on a server whose
// name contains "web", running or suspended, tagged "prod", grouped by pool then power state.
const XENCENTER_GUI_CONFIG = '<Search uuid="8c0b8a1e-1c1e-4a51-9d2f-3f0a5c1d2e3f" name="Web VMs" major_version="2" minor_version="0">'
  + '<Query><QueryScope><VM /><UserTemplate /></QueryScope><GroupQuery type="And">'
  + '<RecursiveXMOListPropertyQuery property="host"><StringPropertyQuery property="label" casesensitive="no" query="web" type="contains" /></RecursiveXMOListPropertyQuery>'
  + '<GroupQuery type="Or"><EnumPropertyQuery property="power_state" equals="yes" query="Running" /><EnumPropertyQuery property="power_state" equals="yes" query="Suspended" /></GroupQuery>'
  + '<StringListContainsQuery property="tags" contains="yes" query="prod" />'
  + '<IntPropertyQuery property="memory" query="2147483648" type="gt" />'
  + '<CustomFieldQuery query="ops" type="startswith"><CustomFieldDefinition name="Owner" type="String" defaultValue="" /></CustomFieldQuery>'
  + '<RecursiveXMOPropertyQuery property="folder"><StringPropertyQuery property="uuid" casesensitive="yes" query="/Prod/Web" type="exactmatch" /></RecursiveXMOPropertyQuery>'
  + '</GroupQuery></Query>'
  + '<XenModelObjectPropertyGrouping property="pool"><PropertyGrouping property="power_state" /></XenModelObjectPropertyGrouping>'
  + '<columns><column name="name" width="250" /><column name="state" width="50" /><column name="cpu" width="-120" /><column name="CustomField:Owner" width="90" /></columns>'
  + '<sorting><sort column="cpu" ascending="no" /></sorting></Search>';

describe('reading what XenCenter writes', () => {
  it('a gui_config search: scope, nested conditions, grouping, columns and sorting', () => {
    const s = searchFromGuiConfig(XENCENTER_GUI_CONFIG)!;
    expect(s.uuid).toBe('8c0b8a1e-1c1e-4a51-9d2f-3f0a5c1d2e3f');
    expect(s.name).toBe('Web VMs');
    expect(s.scope).toEqual(['VM', 'UserTemplate']);
    expect(s.filter).toEqual({
      kind: 'group', op: 'And', children: [
        { kind: 'related', property: 'host', sub: { kind: 'string', property: 'label', match: 'contains', query: 'web', caseSensitive: false } },
        { kind: 'group', op: 'Or', children: [
          { kind: 'enum', property: 'power_state', query: 'Running', equals: true },
          { kind: 'enum', property: 'power_state', query: 'Suspended', equals: true },
        ] },
        { kind: 'tag', query: 'prod', contains: true },
        { kind: 'int', property: 'memory', match: 'gt', query: 2147483648 },
        { kind: 'customField', field: { name: 'Owner', type: 'String' }, match: 'startswith', query: 'ops' },
        { kind: 'related', property: 'folder', sub: { kind: 'string', property: 'uuid', match: 'exactmatch', query: '/Prod/Web', caseSensitive: true } },
      ],
    });
    expect(s.grouping).toEqual({ kind: 'object', property: 'pool', sub: { kind: 'property', property: 'power_state' } });
    // The "state" column no longer exists (CA-25116); widths are read as positive.
    expect(s.columns).toEqual([{ name: 'name', width: 250 }, { name: 'cpu', width: 120 }, { name: 'CustomField:Owner', width: 90 }]);
    expect(s.sorting).toEqual([{ column: 'cpu', ascending: false }]);
  });

  it('writes it back as XenCenter lays it out (the dropped column aside)', () => {
    const s = searchFromGuiConfig(XENCENTER_GUI_CONFIG)!;
    const expected = XENCENTER_GUI_CONFIG.replace('<column name="state" width="50" />', '').replace('width="-120"', 'width="120"');
    expect(searchToGuiConfig(s)).toBe(expected);
  });

  it('old versions (0 and 1) held only the filter, over every type but folders; "True" is yes; type "SR" is remote storage', () => {
    const s = searchFromGuiConfig('<Search uuid="u" name="old" major_version="1"><EnumPropertyQuery property="type" equals="True" query="SR" /></Search>')!;
    expect(s.scope).toEqual(['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'VDI', 'Network']);
    expect(s.filter).toEqual({ kind: 'enum', property: 'type', query: 'RemoteSR', equals: true });
    expect(s.grouping).toBeNull();
  });

  it('a newer major version, "null" and junk are not searches', () => {
    expect(() => readSearch(parseXml('<Search uuid="u" name="n" major_version="3"><Query><QueryScope /></Query></Search>')[0]))
      .toThrow('The search was made by a newer XenCenter (format version 3; this version reads up to 2).');
    expect(searchFromGuiConfig('null')).toBeUndefined();
    expect(searchFromGuiConfig('<Search')).toBeUndefined();
    expect(searchFromGuiConfig('<NotASearch/>')).toBeUndefined();
    expect(searchFromGuiConfig('<Search uuid="u" name="n" major_version="2"><Query /></Search>')).toBeUndefined();
  });
});

describe('conditions this version does not know', () => {
  it('are kept as they were and written back unchanged', () => {
    const xml = '<Search uuid="u" name="n" major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>'
      + '<GroupQuery type="Nor"><DiskQuery property="disks" weird="a&amp;b"><Inner x="1" /></DiskQuery><BooleanQuery property="shared" query="yes" /></GroupQuery></Query>'
      + '<BoolGrouping property="shared" /><sorting /></Search>';
    const s = searchFromGuiConfig(xml)!;
    expect(s.filter).toMatchObject({ kind: 'group', op: 'Nor', children: [{ kind: 'unknown' }, { kind: 'bool', property: 'shared', query: true }] });
    expect(s.grouping).toMatchObject({ kind: 'unknown' });
    expect(searchToGuiConfig(s)).toBe(xml);
  });
});

describe('.xensearch files', () => {
  it('as XenCenter writes them: declaration, doctype, the namespace, four-space indents; read back the same', () => {
    const file = searchesToFile([DEFAULT_SEARCHES[1]]);
    expect(file).toBe([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<!DOCTYPE xensearch PUBLIC "-//XENSEARCH//DTD XENSEARCH 1//EN" "xensearch-1.dtd">',
      '<Searches xmlns="http://www.citrix.com/XenCenter/XenSearch/schema">',
      '    <Search uuid="dead-beef-1234-vmswotools" name="VMs without XenServer VM Tools" major_version="2" minor_version="0">',
      '        <Query>',
      '            <QueryScope>',
      '                <VM />',
      '            </QueryScope>',
      '            <GroupQuery type="And">',
      '                <EnumPropertyQuery property="power_state" equals="yes" query="Running" />',
      '                <EnumPropertyQuery property="virtualisation_status" equals="no" query="IoDriversInstalled, ManagementInstalled" />',
      '            </GroupQuery>',
      '        </Query>',
      '        <PropertyGrouping property="virtualisation_status" />',
      '        <sorting />',
      '    </Search>',
      '</Searches>',
    ].join('\n'));
    expect(searchesFromFile(file)).toEqual([DEFAULT_SEARCHES[1]]);
  });

  it('every built-in search survives a file round trip', () => {
    expect(searchesFromFile(searchesToFile(DEFAULT_SEARCHES))).toEqual(DEFAULT_SEARCHES);
  });

  it('names and values with XML characters, line breaks and non-ASCII text come back as they were', () => {
    const s: Search = {
      uuid: 'u1', name: 'Tom & "Jerry" <VMs>\nsecond line ✓', scope: ['VM'], grouping: null, columns: [{ name: 'name', width: 200 }], sorting: [],
      filter: { kind: 'string', property: 'label', match: 'contains', query: "a'b&c<d>\te", caseSensitive: true },
    };
    expect(searchesFromFile(searchesToFile([s]))).toEqual([s]);
    expect(searchFromGuiConfig(searchToGuiConfig(s))).toEqual(s);
  });

  it('bad files fail in words', () => {
    expect(() => searchesFromFile('not xml at all <')).toThrow(/not valid XML|holds no saved search/);
    expect(() => searchesFromFile('<Searches></Searches>')).toThrow('The file holds no saved search.');
    expect(() => searchesFromFile('x'.repeat(1_000_001))).toThrow('The search is too large.');
    const deep = `${'<GroupQuery type="And">'.repeat(200)}${'</GroupQuery>'.repeat(200)}`;
    expect(() => searchesFromFile(`<Search uuid="u" name="n" major_version="2"><Query><QueryScope />${deep}</Query></Search>`)).toThrow(/nested too deeply|Maximum nested tags/);
  });

  it('entities declared in the file are not expanded into a flood', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
      + '<Searches><Search uuid="u" name="&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;" major_version="2"><Query><QueryScope><VM /></QueryScope></Query></Search></Searches>';
    const read = (): string => { try { return searchesFromFile(bomb)[0].name; } catch (e) { return String(e); } };
    expect(read().length).toBeLessThan(200_000);
  });
});
