// The full RRD (GET /host_rrd, /vm_rrd; FORMATS.md 3.6) in rrdtool's dump layout: data sources,
// then each archive with its consolidation state and its rows, oldest first. Row i of N in an
// archive of period P ends at floor(lastupdate / P) * P - (N - 1 - i) * P.
import { rrdNumber } from './number-text';
import { HEARTBEAT, XFF, type Rrd } from './rrd';

interface Parts {
  ds: { name: string; type: string; min: string; max: string; last_ds: string }[];
  rra: { pdp: number; cdp: { value: string; unknown: number }[]; rows: string[][] }[];
}

function parts(rrd: Rrd): Parts {
  const ds = rrd.dss.map((d, i) => ({ name: d.name, type: d.type, min: rrdNumber(d.min), max: rrdNumber(d.max), last_ds: rrdNumber(rrd.lastDs[i]) }));
  const rra = rrd.archives.map((a, k) => {
    const end = rrd.lastRowEnd(k);
    const rows: string[][] = [];
    for (let i = 0; i < a.rows; i++) {
      const t = end - (a.rows - 1 - i) * a.period;
      rows.push(rrd.dss.map((_, c) => rrdNumber(rrd.value(k, t, c))));
    }
    return { pdp: a.pdp, cdp: a.sum.map((s, c) => ({ value: rrdNumber(s), unknown: a.unknown[c] })), rows };
  });
  return { ds, rra };
}

export function rrdXml(rrd: Rrd): string {
  const { ds, rra } = parts(rrd);
  const dsXml = ds.map((d) => `<ds><name>${d.name}</name><type>${d.type}</type><minimal_heartbeat>${HEARTBEAT}</minimal_heartbeat>`
    + `<min>${d.min}</min><max>${d.max}</max><last_ds>${d.last_ds}</last_ds><value>0.0</value><unknown_sec>0</unknown_sec></ds>`).join('');
  const rraXml = rra.map((a) => `<rra><cf>AVERAGE</cf><pdp_per_row>${a.pdp}</pdp_per_row><params><xff>${rrdNumber(XFF)}</xff></params><cdp_prep>`
    + a.cdp.map((c) => `<ds><primary_value>0.0</primary_value><secondary_value>0.0</secondary_value><value>${c.value}</value><unknown_datapoints>${c.unknown}</unknown_datapoints></ds>`).join('')
    + `</cdp_prep><database>${a.rows.map((r) => `<row>${r.map((v) => `<v>${v}</v>`).join('')}</row>`).join('')}</database></rra>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rrd><version>0003</version><step>5</step><lastupdate>${rrd.lastUpdate}</lastupdate>${dsXml}${rraXml}</rrd>`;
}

/** The JSON variant: every scalar a string, `lastupdate` as float text. */
export function rrdJson(rrd: Rrd): string {
  const { ds, rra } = parts(rrd);
  return JSON.stringify({
    version: '0003', step: '5', lastupdate: `${rrd.lastUpdate}.0`,
    ds: ds.map((d) => ({ name: d.name, type: d.type, minimal_heartbeat: String(HEARTBEAT), min: d.min, max: d.max, last_ds: d.last_ds,
      value: '0.0', unknown_sec: '0', last_updated: `${rrd.lastUpdate}.0` })),
    rra: rra.map((a) => ({
      cf: 'AVERAGE', pdp_per_row: String(a.pdp), params: { xff: rrdNumber(XFF) },
      cdp_prep: { ds: a.cdp.map((c) => ({ primary_value: '0.0', secondary_value: '0.0', value: c.value, unknown_datapoints: String(c.unknown) })) },
      database: a.rows,
    })),
  });
}
