import { describe, expect, it } from 'vitest';
import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import { createLogDet, powerTraces } from '../../solvers/spatial/logdet.ts';
import { symmetricEigenvalues, weightsEigenvalues } from '../../solvers/spatial/eigen.ts';
import { SparseLU } from '../../solvers/spatial/sparselu.ts';
import { gTraces, gTracesFromEigen } from '../../solvers/spatial/gtraces.ts';
import { csrMatVec } from '../../solvers/spatial/csr.ts';
import { knnWeights, rowStandardize } from '../../solvers/spatial/weights.ts';
import { createRng } from '../../solvers/random.ts';
import { expectClose, loadFixture, loadW } from './helpers.ts';

const fx = loadFixture('logdet.json');
const rhos: number[] = fx.rhos;

describe('symmetric tridiagonal QL eigenvalues', () => {
  it('agree with ml-matrix on random symmetric matrices', () => {
    const rng = createRng(3);
    for (const n of [1, 2, 3, 10, 57]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
      const M = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, a[i * n + j]!);
      const ref = new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
      const got = symmetricEigenvalues(a, n);
      ref.forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThan(1e-12 * Math.max(1, Math.abs(v))));
    }
  });
});

describe('log-determinants vs R (determinant of I − ρW)', () => {
  const W46 = rowStandardize(loadW('usa46.json'));
  const Www = loadW('usaww.json');
  const k = fx.knn900;
  const ids = k.x.map((_: number, i: number) => `p${i}`);
  const Wk = rowStandardize(knnWeights(ids, { x: k.x, y: k.y }, k.k));
  const ids60 = ids.slice(0, 60);
  const W60 = rowStandardize(knnWeights(ids60, { x: k.x.slice(0, 60), y: k.y.slice(0, 60) }, fx.knn60.k));

  it('eigen method: exact values and interval (usa46, usaww)', () => {
    for (const [W, e] of [
      [W46, fx.usa46],
      [Www, fx.usaww],
    ] as const) {
      const ld = createLogDet(W);
      expect(ld.method).toBe('eigen');
      expect(ld.eigen!.real).toBe(true);
      rhos.forEach((r, i) => expectClose(ld.logdet(r), e.logdet[i], 1e-10, 1e-13, `rho ${r}`));
      expectClose(ld.interval[0], 1 / e.eig_range[0], 1e-10);
      expectClose(ld.interval[1], 1 / e.eig_range[1], 1e-10);
    }
    const ev = weightsEigenvalues(W46);
    fx.usa46.eig.forEach((v: number, i: number) => expect(Math.abs(ev.re[i]! - v)).toBeLessThan(1e-12));
  });

  it('eigen method on a non-symmetrizable kNN W (complex eigenvalues)', () => {
    const ld = createLogDet(W60, { method: 'eigen' });
    expect(createLogDet(W60).method).toBe('lu'); // auto avoids the general dense eigen-decomposition
    expect(ld.eigen!.real).toBe(false);
    rhos.forEach((r, i) => expectClose(ld.logdet(r), fx.knn60.logdet[i], 1e-10, 1e-13, `rho ${r}`));
    expectClose(ld.interval[0], 1 / fx.knn60.eig_range[0], 1e-9);
  });

  it('sparse LU method agrees (kNN, N = 900) and with eigen on usa46', () => {
    const ld = createLogDet(Wk, { method: 'lu' });
    expect(ld.method).toBe('lu');
    expect(ld.interval).toEqual([-1, 1]);
    rhos.forEach((r, i) => expectClose(ld.logdet(r), k.logdet[i], 1e-10, 1e-12, `rho ${r}`));
    const ld46 = createLogDet(W46, { method: 'lu' });
    rhos.forEach((r, i) => expectClose(ld46.logdet(r), fx.usa46.logdet[i], 1e-10, 1e-13, `rho ${r}`));
    expect(createLogDet(Wk).method).toBe('lu'); // auto above 400 units
  });

  it('LU solves and transposed solves have tiny residuals', () => {
    const lu = new SparseLU(Wk);
    lu.factor(0.7);
    const n = Wk.n;
    const rng = createRng(11);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const x = lu.solve(b, new Float64Array(n));
    const Wx = csrMatVec(Wk, x, new Float64Array(n));
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(x[i]! - 0.7 * Wx[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-12);
    const xt = lu.solveTranspose(b, new Float64Array(n));
    const Wtx = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let p = Wk.rowPtr[i]!; p < Wk.rowPtr[i + 1]!; p++) Wtx[Wk.col[p]!]! += Wk.val[p]! * xt[i]!;
    worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(xt[i]! - 0.7 * Wtx[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-12);
  });

  it('exact traces of G = W(I − ρW)⁻¹ agree with the eigenvalue formulas, Hutchinson within its error', () => {
    const ev = weightsEigenvalues(W46);
    const lu = new SparseLU(W46);
    for (const rho of [-0.6, 0.2268, 0.8]) {
      lu.factor(rho);
      const ex = gTraces(W46, lu, { method: 'exact' });
      const ee = gTracesFromEigen(ev, rho);
      expectClose(ex.trG, ee.trG, 1e-10, 1e-12, `trG ${rho}`);
      expectClose(ex.trG2, ee.trG2, 1e-10, 1e-12, `trG2 ${rho}`);
      // ‖G‖²_F ≥ tr(G²) (Cauchy–Schwarz on the entries), equality only for symmetric G
      expect(ex.trGtG).toBeGreaterThan(ee.trG2);
    }
    const luk = new SparseLU(Wk);
    luk.factor(0.5);
    const ex = gTraces(Wk, luk, { method: 'exact' });
    const hu = gTraces(Wk, luk, { method: 'hutchinson', probes: 300, seed: 8 });
    for (const q of ['trG', 'trG2', 'trGtG'] as const) expect(Math.abs(hu[q] - ex[q])).toBeLessThan(4 * hu.se[q]);
  });

  it('Monte Carlo log-determinant is within its stated error bound', () => {
    const ld = createLogDet(Wk, { method: 'mc', mc: { order: 40, probes: 40, seed: 5 } });
    for (const [i, r] of rhos.entries()) {
      if (Math.abs(r) > 0.9) continue;
      const err = Math.abs(ld.logdet(r) - k.logdet[i]);
      expect(err, `rho ${r}`).toBeLessThanOrEqual(ld.errorBound(r));
    }
    // bound is informative, not vacuous, at moderate ρ
    expect(ld.errorBound(0.5)).toBeLessThan(0.05 * Math.abs(k.logdet[rhos.indexOf(0.6)]));
  });

  it('traces tr(W^k): eigen and exact paths vs dense powers in R', () => {
    for (const [W, e] of [
      [W46, fx.usa46],
      [W60, fx.knn60],
      [Www, fx.usaww],
    ] as const) {
      const ex = powerTraces(W, 12, { method: 'exact' });
      const eg = powerTraces(W, 12, { method: 'eigen' });
      for (let q = 1; q <= 12; q++) {
        expectClose(ex.t[q]!, e.traces[q - 1], 1e-10, 1e-12, `exact k=${q}`);
        expectClose(eg.t[q]!, e.traces[q - 1], 1e-8, 1e-10, `eigen k=${q}`);
      }
    }
    const mc = powerTraces(W60, 12, { method: 'mc', probes: 400, seed: 2 });
    for (let q = 3; q <= 12; q++)
      expect(Math.abs(mc.t[q]! - fx.knn60.traces[q - 1])).toBeLessThan(4 * mc.se[q]! + 1e-12);
  });
});
