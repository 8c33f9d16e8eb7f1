// Benchmark: static spatial Durbin model with two-way fixed effects (fitSpatialPanel, ML with standard errors)
// on SYNTHETIC panels — N units at seeded uniform locations in the unit square, W = 6-nearest-neighbour weights
// row-standardised, T = 10 periods, data from a SAR process y_t = (I − 0.4W)⁻¹(X_tβ + μ + α_t + ε_t), two regressors.
// Each N runs in its own child process so the peak resident memory is that of one size; the first fit there is
// reported as fitColdMs (it includes V8's compilation of the code) and the median of three more as fitMs.
// Peers: if `Rscript` is on PATH and splm + SDPDmod load from R_LIBS_USER, the same data are fitted with
// splm::spml (SDM via W-lagged regressors, default eigenvalue log-determinant) and SDPDmod::SDPDm (model "sdm",
// LYtrans = FALSE, its default log-determinant) in the same run, and the speed-up over the faster peer is
// reported. A peer is skipped when its dense NT×NT Kronecker products would exceed the memory budget, or stopped
// at the time limit (ABATE_BENCH_PEER_TIMEOUT_S, default 120 s), and reported as such.
// Plain tsx script: `npx tsx bench/spatial.bench.ts`, or import { run } for the bench runner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { warmMedianMs, writePeerData } from './peer-data.ts';
import { createRng } from '../solvers/random.ts';
import { spatialImpacts } from '../solvers/spatial/effects.ts';
import { fitSpatialPanel } from '../solvers/spatial/models.ts';
import { SparseLU } from '../solvers/spatial/sparselu.ts';
import { knnWeights, rowStandardize, type CsrMatrix } from '../solvers/spatial/weights.ts';

export interface Row {
  name: string;
  N: number;
  T: number;
  /** Building the kNN weights, ms. */
  weightsMs: number;
  /** The SDM fit with standard errors, ms: first call in a fresh process (includes JIT compilation). */
  fitColdMs: number;
  /** Median of three further fits (compiled code), ms. */
  fitMs: number;
  /** Effects with 1000 simulation draws, ms. */
  effectsMs: number;
  peakRssMB: number;
  logdet: string;
  traces: string;
  rho: number;
  splmMs: number | string;
  sdpdmMs: number | string;
  /** Faster peer's fit time / our warm median. */
  speedup: number | string;
  /** Faster peer's fit time / our cold first call. */
  speedupCold: number | string;
}

const SIZES = [100, 400, 1600, 6400];
const T = 10;
const K = 6;
const RHO = 0.4;

interface Synthetic {
  W: CsrMatrix;
  y: Float64Array;
  X: Float64Array;
  weightsMs: number;
}

function synthetic(N: number, seed: number): Synthetic {
  const rng = createRng(seed);
  const ids = Array.from({ length: N }, (_, i) => `u${i}`);
  const x = Float64Array.from({ length: N }, () => rng.uniform());
  const yc = Float64Array.from({ length: N }, () => rng.uniform());
  const t0 = performance.now();
  const W = rowStandardize(knnWeights(ids, { x, y: yc }, K));
  const weightsMs = performance.now() - t0;
  const NT = N * T;
  const X = new Float64Array(NT * 2);
  const mu = Float64Array.from({ length: N }, () => rng.normal());
  const alpha = Float64Array.from({ length: T }, () => rng.normal());
  for (let r = 0; r < NT; r++) {
    X[2 * r] = rng.normal() + 0.5 * mu[r % N]!;
    X[2 * r + 1] = rng.normal();
  }
  const v = new Float64Array(NT);
  for (let r = 0; r < NT; r++)
    v[r] = X[2 * r]! - 0.5 * X[2 * r + 1]! + mu[r % N]! + alpha[Math.floor(r / N)]! + 0.5 * rng.normal();
  const lu = new SparseLU(W);
  lu.factor(RHO);
  const y = new Float64Array(NT);
  for (let t = 0; t < T; t++) lu.solve(v, y, t * N, t * N);
  return { W, y, X, weightsMs };
}

/** One size in this process: our timings, and the data written for the peers when `dir` is given. */
function measure(N: number, dir?: string): Omit<Row, 'splmMs' | 'sdpdmMs' | 'speedup' | 'speedupCold'> {
  const d = synthetic(N, 7000 + N);
  const data = { y: d.y, X: d.X, names: ['x1', 'x2'], W: d.W, N, T };
  const t0 = performance.now();
  const fit = fitSpatialPanel(data, { model: 'sdm', effect: 'twoways' });
  const fitColdMs = performance.now() - t0;
  const fitMs = warmMedianMs(() => fitSpatialPanel(data, { model: 'sdm', effect: 'twoways' }));
  const t1 = performance.now();
  spatialImpacts(fit, { draws: 1000, seed: 1 });
  const effectsMs = performance.now() - t1;
  if (dir) writePeerData(dir, d, N, T);
  return {
    name: 'sdm-twoways-ml',
    N,
    T,
    weightsMs: d.weightsMs,
    fitColdMs,
    fitMs,
    effectsMs,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    logdet: fit.logdetMethod,
    traces: fit.traces.method,
    rho: fit.rho,
  };
}

// R side: reads the panel and the kNN pattern (row-standardised here, as in TS), times only the estimation call.
const PEER_R = String.raw`
args <- commandArgs(TRUE); dir <- args[1]; which <- args[2]
suppressPackageStartupMessages({ library(spdep); library(plm) })
lib <- Sys.getenv("R_LIBS_USER")
d <- read.csv(file.path(dir, "panel.csv")); e <- read.csv(file.path(dir, "w.csv"))
N <- max(d$unit) + 1
W <- matrix(0, N, N); W[cbind(e$i, e$j)] <- 1; W <- W / rowSums(W)
d <- d[order(d$time, d$unit), ]
wl <- function(v) unlist(lapply(split(v, d$time), function(u) as.vector(W %*% u)))
d$W_x1 <- wl(d$x1); d$W_x2 <- wl(d$x2)
if (which == "splm") {
  suppressPackageStartupMessages(library(splm, lib.loc = lib))
  lw <- mat2listw(W, style = "W")
  t0 <- proc.time()[["elapsed"]]
  m <- spml(y ~ x1 + x2 + W_x1 + W_x2, data = d, index = c("unit", "time"), listw = lw, model = "within",
            effect = "twoways", lag = TRUE, spatial.error = "none")
  cat("RESULT", 1000 * (proc.time()[["elapsed"]] - t0), coef(m)[1], "\n")
} else {
  suppressPackageStartupMessages(library(SDPDmod, lib.loc = lib))
  t0 <- proc.time()[["elapsed"]]
  m <- SDPDm(y ~ x1 + x2, data = d[, c("unit", "time", "y", "x1", "x2")], W = W, index = c("unit", "time"),
             model = "sdm", effect = "twoways", LYtrans = FALSE)
  cat("RESULT", 1000 * (proc.time()[["elapsed"]] - t0), m$rho, "\n")
}
`;

function peersAvailable(): boolean {
  const r = spawnSync(
    'Rscript',
    [
      '-e',
      `ok <- all(sapply(c("splm","SDPDmod"), function(p) requireNamespace(p, lib.loc = Sys.getenv("R_LIBS_USER"), quietly = TRUE))); cat(ok)`,
    ],
    {
      encoding: 'utf8',
    },
  );
  return r.status === 0 && r.stdout.trim() === 'TRUE';
}

function runPeer(which: 'splm' | 'sdpdm', dir: string, N: number): number | string {
  // SDPDm and splm's standard errors form dense N×N inverses; SDPDm also forms I_T ⊗ W and I_T ⊗ G densely.
  const NT = N * T;
  const gib = which === 'sdpdm' ? (3 * NT * NT * 8) / 2 ** 30 : (4 * N * N * 8) / 2 ** 30;
  const budget = Number(process.env.ABATE_BENCH_PEER_MEM_GIB ?? 8);
  if (gib > budget) return `skipped (needs ~${gib.toFixed(0)} GiB dense)`;
  const script = path.join(dir, 'peer.R');
  writeFileSync(script, PEER_R);
  const timeoutS = Number(process.env.ABATE_BENCH_PEER_TIMEOUT_S ?? 120);
  const r = spawnSync('Rscript', [script, dir, which], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    env: process.env,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `timeout (> ${timeoutS} s)`;
  if (r.signal) return `timeout (> ${timeoutS} s)`;
  const m = /RESULT\s+([0-9.eE+-]+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) return `failed: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? 'unknown error'}`;
  return Number(m[1]);
}

const self = fileURLToPath(import.meta.url);

/** Runs every size in a child process (clean peak memory) and times the peers on the same data. */
export async function run(sizes = SIZES): Promise<Row[]> {
  const rows: Row[] = [];
  const peers = peersAvailable();
  for (const N of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'abate-spatial-bench-'));
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', String(N), dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
      if (child.status !== 0 || !line) throw new Error(`benchmark child for N = ${N} failed: ${child.stderr}`);
      const ours = JSON.parse(line) as Omit<Row, 'splmMs' | 'sdpdmMs' | 'speedup' | 'speedupCold'>;
      const splmMs = peers ? runPeer('splm', dir, N) : 'missing (Rscript/splm not found)';
      const sdpdmMs = peers ? runPeer('sdpdm', dir, N) : 'missing (Rscript/SDPDmod not found)';
      const times = [splmMs, sdpdmMs].filter((v): v is number => typeof v === 'number');
      const speedup = times.length ? Math.min(...times) / ours.fitMs : 'n/a';
      const speedupCold = times.length ? Math.min(...times) / ours.fitColdMs : 'n/a';
      rows.push({ ...ours, splmMs, sdpdmMs, speedup, speedupCold });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[1] === self) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    const N = Number(process.argv[i + 1]);
    process.stdout.write(JSON.stringify(measure(N, process.argv[i + 2])) + '\n');
  } else {
    const rows = await run();
    console.table(rows);
  }
}
