// The two public panels of the spatial fixtures as SpatialPanelData (time-major, units in W's order).
import type { SpatialPanelData } from '../../solvers/spatial/models.ts';
import { rowStandardize } from '../../solvers/spatial/weights.ts';
import { loadCsv, loadW, panelFromRows } from './helpers.ts';

/** Produc (48 states x 17 years) with splm's usaww: log(gsp) on log(pcap), log(pc), log(emp), unemp. */
export function producData(): SpatialPanelData {
  const W = loadW('usaww.json');
  const p = panelFromRows(loadCsv('produc.csv'), 'state', 'year', W.names, {
    lgsp: (r) => Math.log(Number(r.gsp)),
    lpcap: (r) => Math.log(Number(r.pcap)),
    lpc: (r) => Math.log(Number(r.pc)),
    lemp: (r) => Math.log(Number(r.emp)),
    unemp: (r) => Number(r.unemp),
  });
  const names = ['lpcap', 'lpc', 'lemp', 'unemp'];
  return { y: p.cols.lgsp!, X: interleave(names.map((n) => p.cols[n]!)), names, W, N: p.N, T: p.T };
}

/** Cigar (46 states x 30 years) with usa46 row-standardised: log(sales) on log(price/cpi), log(ndi/cpi). */
export function cigarData(): SpatialPanelData {
  const W = rowStandardize(loadW('usa46.json'));
  const p = panelFromRows(loadCsv('cigar.csv'), 'state_name', 'year', W.names, {
    logc: (r) => Math.log(Number(r.sales)),
    logp: (r) => Math.log(Number(r.price) / Number(r.cpi)),
    logy: (r) => Math.log(Number(r.ndi) / Number(r.cpi)),
  });
  return { y: p.cols.logc!, X: interleave([p.cols.logp!, p.cols.logy!]), names: ['logp', 'logy'], W, N: p.N, T: p.T };
}

export function interleave(cols: Float64Array[]): Float64Array {
  const k = cols.length;
  const m = cols[0]!.length;
  const X = new Float64Array(m * k);
  for (let r = 0; r < m; r++) for (let c = 0; c < k; c++) X[r * k + c] = cols[c]![r]!;
  return X;
}
