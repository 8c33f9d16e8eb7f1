// The paper's own printed numbers (seed 001, Han et al. 2026), transcribed as printed: values are strings so that
// trailing zeros survive ("0.0800"), significance stars are a separate field, standard errors (printed in
// parentheses under or beside an estimate) are rows with stat = 'se'. These are the PAPER's results, for
// paper-vs-abate reports; they are not computed from the synthetic data.
//
// Row names: Coagg² is written Coagg^2, ρ is rho, R² is R2; y.L(1) and Wy.L(1) as printed. Column names are the
// printed headers. Where the paper prints "control" (fixed effects, controls) nothing is transcribed.

export interface PaperCell {
  table: string;
  row: string;
  column: string;
  stat: 'value' | 'estimate' | 'se';
  value: string;
  stars: string;
}

const rows: PaperCell[] = [];
const cell = (table: string, row: string, column: string, stat: PaperCell['stat'], value: string, stars = '') =>
  rows.push({ table, row, column, stat, value, stars });

/** "0.550*** (0.173)" → estimate 0.550, stars ***, se 0.173 */
function est(table: string, row: string, column: string, printed: string): void {
  const m = /^(-?[0-9.]+)(\**)\s*\((-?[0-9.]+)\)$/.exec(printed.trim());
  if (!m) throw new Error(`cannot read "${printed}" (${table} ${row} ${column})`);
  cell(table, row, column, 'estimate', m[1]!, m[2]!);
  cell(table, row, column, 'se', m[3]!);
}

// Table 1. Descriptive statistics (680 observations each).
{
  const cols = ['Observations', 'Mean', 'Std. Dev.', 'Min', 'Max'];
  const t1: Array<[string, string[]]> = [
    ['Carbon', ['680', '6.297', '5.780', '0.533', '50.148']],
    ['Coagg', ['680', '1.361', '0.939', '0.324', '8.566']],
    ['GOV', ['680', '0.226', '0.261', '0.102', '4.369']],
    ['LnPGDP', ['680', '10.524', '0.702', '8.402', '12.778']],
    ['FDI', ['680', '0.034', '0.529', '0.001', '0.419']],
    ['LnRD', ['680', '2.209', '0.499', '0.764', '4.272']],
    ['TI', ['680', '0.007', '0.007', '0.003', '0.045']],
    ['LnER', ['680', '-5.549', '0.521', '-7.503', '-4.187']],
  ];
  for (const [row, vals] of t1) vals.forEach((v, k) => cell('Table 1', row, cols[k]!, 'value', v));
}

// Table 2. Global Moran's I of carbon intensity by year (columns Moran's I, Z, P).
{
  const t2: Array<[string, string, string, string]> = [
    ['2003', '0.212', '2.827', '0.005'],
    ['2004', '0.228', '3.041', '0.002'],
    ['2005', '0.263', '3.220', '0.001'],
    ['2006', '0.266', '3.165', '0.002'],
    ['2007', '0.281', '3.282', '0.001'],
    ['2008', '0.248', '3.003', '0.003'],
    ['2009', '0.222', '2.673', '0.008'],
    ['2010', '0.220', '2.610', '0.009'],
    ['2011', '0.168', '2.065', '0.039'],
    ['2012', '0.169', '2.412', '0.016'],
    ['2013', '0.194', '2.605', '0.009'],
    ['2014', '0.229', '2.858', '0.004'],
    ['2015', '0.228', '2.861', '0.004'],
    ['2016', '0.220', '2.766', '0.006'],
    ['2017', '0.253', '3.141', '0.002'],
    ['2018', '0.265', '3.297', '0.001'],
    ['2019', '0.252', '3.043', '0.002'],
    ['2020', '0.234', '2.841', '0.005'],
    ['2021', '0.234', '2.841', '0.005'],
    ['2022', '0.239', '2.880', '0.004'],
  ];
  for (const [y, I, z, p] of t2) {
    cell('Table 2', y, "Moran's I", 'value', I);
    cell('Table 2', y, 'Z', 'value', z);
    cell('Table 2', y, 'P', 'value', p);
  }
}

// Table 3. Specification tests: P for every test, Statistic only where printed.
{
  const t3: Array<[string, string, string?]> = [
    ['LM-lag test', '0.000'],
    ['Robust LM-lag test', '0.040'],
    ['LM-error test', '0.000'],
    ['Robust LM-error test', '0.017'],
    ['Wald-SAR test', '0.005'],
    ['Wald-SEM test', '0.001'],
    ['LR-SAR test', '0.001'],
    ['LR-SEM test', '0.001'],
    ['Hausman test', '0.000', '85.20'],
    ['Individual fixed effects test', '0.005', '34.15'],
    ['Time fixed effects test', '0.000', '971.32'],
  ];
  for (const [row, p, stat] of t3) {
    cell('Table 3', row, 'P', 'value', p);
    if (stat) cell('Table 3', row, 'Statistic', 'value', stat);
  }
}

// Table 4. Static SDM (Model 1) and dynamic SDM (Model 2), economic-geographic nested W.
{
  const t4: Array<[string, string | null, string]> = [
    ['y.L(1)', null, '0.708*** (0.018)'],
    ['Wy.L(1)', null, '0.265*** (0.061)'],
    ['Coagg', '1.252*** (0.349)', '0.550*** (0.173)'],
    ['Coagg^2', '-0.215*** (0.057)', '-0.082*** (0.028)'],
    ['GOV', '0.009** (0.004)', '0.009*** (0.002)'],
    ['LnPGDP', '-3.820*** (0.421)', '-1.212*** (0.214)'],
    ['FDI', '0.058*** (0.022)', '0.025** (0.010)'],
    ['LnRD', '-0.151 (0.305)', '-0.288* (0.147)'],
    ['TI', '0.411* (0.232)', '-0.072 (0.115)'],
    ['LnER', '-0.169 (0.245)', '0.328*** (0.122)'],
    ['W.Coagg', '-0.717 (0.954)', '-0.398 (0.473)'],
    ['W.Coagg^2', '0.149 (0.189)', '0.075 (0.093)'],
    ['W.GOV', '-0.027*** (0.010)', '0.003 (0.005)'],
    ['W.LnPGDP', '1.445 (1.271)', '1.474** (0.633)'],
    ['W.FDI', '-0.137* (0.079)', '0.005 (0.039)'],
    ['W.LnRD', '0.127 (0.832)', '-0.282 (0.402)'],
    ['W.TI', '0.149 (0.695)', '-0.263 (0.348)'],
    ['W.LnER', '-0.958 (0.607)', '-0.008 (0.301)'],
    ['rho', '0.115* (0.062)', '0.180*** (0.068)'],
  ];
  for (const [row, m1, m2] of t4) {
    if (m1) est('Table 4', row, 'Model 1', m1);
    est('Table 4', row, 'Model 2', m2);
  }
  cell('Table 4', 'R2', 'Model 1', 'value', '0.167');
  cell('Table 4', 'R2', 'Model 2', 'value', '0.938');
  cell('Table 4', 'Observations', 'Model 1', 'value', '680');
  cell('Table 4', 'Observations', 'Model 2', 'value', '646');
}

// Table 5. Short- and long-term direct and indirect effects (from Model 2).
{
  const cols = ['ST direct effect', 'ST indirect effect', 'LT direct effect', 'LT indirect effect'];
  const t5: Array<[string, string[]]> = [
    ['Coagg', ['0.585*** (0.165)', '-0.454 (0.405)', '1.905*** (0.611)', '-1.105 (2.910)']],
    ['Coagg^2', ['-0.087*** (0.028)', '0.081 (0.080)', '-0.278*** (0.104)', '0.250 (0.564)']],
    ['GOV', ['0.008*** (0.002)', '0.002 (0.004)', '0.031*** (0.007)', '0.036 (0.042)']],
    ['LnPGDP', ['-1.261*** (0.212)', '1.475*** (0.543)', '-3.908*** (0.782)', '5.444 (3.724)']],
    ['FDI', ['0.0254** (0.010)', '0.002 (0.034)', '0.092** (0.043)', '0.0878 (0.263)']],
    ['LnRD', ['-0.280* (0.151)', '-0.217 (0.341)', '-1.084* (0.569)', '-2.092 (2.765)']],
    ['TI', ['-0.055 (0.115)', '-0.192 (0.300)', '-0.269 (0.412)', '0.651 (2.331)']],
    ['LnER', ['0.326*** (0.119)', '-0.059 (0.267)', '1.144*** (0.439)', '-1.265 (1.943)']],
  ];
  for (const [row, vals] of t5) vals.forEach((v, k) => est('Table 5', row, cols[k]!, v));
}

// Table 6. Robustness: Model 1 = economic-geographic distance W, Model 2 = SEM, Model 3 = winsorised 1 %/99 %.
{
  const t6: Array<[string, Array<string | null>]> = [
    ['y.L(1)', ['0.699*** (0.018)', null, '0.774*** (0.022)']],
    ['Wy.L(1)', ['0.028 (0.094)', null, '0.406*** (0.072)']],
    ['Coagg', ['0.587*** (0.176)', '1.319*** (0.351)', '0.896*** (0.257)']],
    ['Coagg^2', ['-0.090*** (0.029)', '-0.229*** (0.058)', '-0.173*** (0.056)']],
    ['GOV', ['0.007*** (0.002)', '0.011*** (0.004)', '0.016*** (0.003)']],
    ['LnPGDP', ['-1.161*** (0.215)', '-3.984*** (0.418)', '-1.041*** (0.227)']],
    ['FDI', ['0.023** (0.010)', '0.069*** (0.020)', '0.025** (0.011)']],
    ['LnRD', ['-0.352** (0.150)', '-0.174 (0.305)', '-0.350** (0.152)']],
    ['TI', ['-0.058 (0.115)', '0.440* (0.236)', '-0.090 (0.119)']],
    ['LnER', ['0.305** (0.122)', '-0.149 (0.243)', '0.300** (0.121)']],
  ];
  for (const [row, vals] of t6) vals.forEach((v, k) => v && est('Table 6', row, `Model ${k + 1}`, v));
  ['0.929', '0.299', '0.927'].forEach((v, k) => cell('Table 6', 'R2', `Model ${k + 1}`, 'value', v));
}

// Table 7. Heterogeneity: RC / NRC = resource-based / non-resource-based cities; Sector 1..6 = scientific research
// & technical services, finance, leasing & business services, information transmission/software/IT, transport/
// storage/post, wholesale & retail (§4.4.2, where the text calls this table "Table 8").
{
  const cols = ['RC', 'NRC', 'Sector 1', 'Sector 2', 'Sector 3', 'Sector 4', 'Sector 5', 'Sector 6'];
  const t7: Array<[string, string[]]> = [
    [
      'Coagg',
      [
        '0.236 (0.277)',
        '0.716*** (0.245)',
        '0.350*** (0.124)',
        '0.560*** (0.210)',
        '0.0800 (0.0602)',
        '0.240** (0.0979)',
        '0.447** (0.180)',
        '0.550*** (0.160)',
      ],
    ],
    [
      'Coagg^2',
      [
        '-0.020 (0.055)',
        '-0.103*** (0.035)',
        '-0.026** (0.011)',
        '-0.077*** (0.029)',
        '-0.003 (0.003)',
        '-0.014** (0.007)',
        '-0.060** (0.027)',
        '-0.056*** (0.018)',
      ],
    ],
    [
      'rho',
      [
        '0.118 (0.075)',
        '0.247*** (0.091)',
        '0.180*** (0.068)',
        '0.191*** (0.068)',
        '0.184*** (0.069)',
        '0.204*** (0.069)',
        '0.188*** (0.068)',
        '0.184*** (0.068)',
      ],
    ],
  ];
  for (const [row, vals] of t7) vals.forEach((v, k) => est('Table 7', row, cols[k]!, v));
  ['0.908', '0.898', '0.941', '0.939', '0.935', '0.936', '0.939', '0.941'].forEach((v, k) =>
    cell('Table 7', 'R2', cols[k]!, 'value', v),
  );
}

// Numbers printed in the text.
cell('Text 4.2.2', 'Coagg turning point', 'value', 'value', '3.354');
cell('Text 4.2.2', 'Coagg mean', 'value', 'value', '1.361');
cell('Text 4.2.2', 'y.L(1) approx', 'value', 'value', '0.71');
cell('Text 4.1', 'Coagg yearly mean peak', 'value', 'value', '1.40');
cell('Text 4.1', 'Coagg yearly mean peak year', 'value', 'value', '2011');
cell('Text 4.4.1', 'Resource-based cities', 'value', 'value', '19');
cell('Text 3.1', 'Cities', 'value', 'value', '34');

export const PAPER_TABLE_ROWS: readonly PaperCell[] = rows;
