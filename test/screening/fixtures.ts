// Shared helpers for the screening tests: load the JSON fixtures written by
// spec/conformance/screening/make_fixtures.py (scikit-learn / SciPy / NumPy) and quantiles.R (R), and compare
// numbers to a stated tolerance.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { SolverError } from '../../execute/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_DIR = join(here, '..', '..', 'spec', 'conformance', 'screening');
export const STUDY_DATA_DIR = join(here, '..', '..', 'models', 'yrd-collaboration', 'data');

export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as T;
}

/** |actual − expected| ≤ tol · max(1, |expected|): absolute near 0, relative for large values. */
export function expectClose(actual: number, expected: number, tol = 1e-10, what = ''): void {
  const err = Math.abs(actual - expected);
  const bound = tol * Math.max(1, Math.abs(expected));
  if (!(err <= bound)) {
    expect.fail(`${what}: got ${actual}, expected ${expected} (|diff| ${err} > ${bound})`);
  }
}

/** Relative comparison, for tail probabilities that may be tiny. */
export function expectRelClose(actual: number, expected: number, tol = 1e-10, what = ''): void {
  const err = Math.abs(actual - expected);
  const bound = tol * Math.abs(expected);
  if (!(err <= bound) && !(actual === expected)) {
    expect.fail(`${what}: got ${actual}, expected ${expected} (relative error ${err / Math.abs(expected)} > ${tol})`);
  }
}

export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-10, what = ''): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, tol, `${what}[${i}]`);
}

/** The code of the SolverError `f` throws, or 'no error' (a thrown value that is not a SolverError fails the test). */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SolverError);
    return (e as SolverError).code;
  }
  return 'no error';
}
