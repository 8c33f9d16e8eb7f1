// Spatial econometrics engine (seed 001): weights, Moran's I, panel layout, log-determinants, static spatial
// panel ML models, LeSage–Pace effects and specification tests. Plain functions over typed arrays.
//
//   data (long rows) ──panelIndex/stackColumn──▶ time-major y, X (panel.ts)
//   coordinates / edges / economic indicator ──builders──▶ W (CSR, named units; weights.ts) ──alignWeights──▶ W
//   y, W ──moranByPeriod──▶ Table 2 (moran.ts)
//   y, X, W ──panelLMTests / specificationTests──▶ Table 3 (lmtests.ts)
//   y, X, W ──fitSpatialPanel──▶ Table 4 (models.ts; logdet.ts → eigen.ts | sparselu.ts, gtraces.ts, brent.ts)
//   fit ──spatialImpacts──▶ direct / indirect / total effects (effects.ts)
//   y, X, W ──fitDynamicSpatialPanel──▶ Table 4 model 2; fit ──dynamicImpacts──▶ Table 5 (dynamic.ts)
export * from './csr.ts';
export * from './weights.ts';
export * from './moran.ts';
export * from './panel.ts';
export * from './logdet.ts';
export { weightsEigenvalues, symmetricEigenvalues, type Eigenvalues } from './eigen.ts';
export { SparseLU, minimumDegreeOrder } from './sparselu.ts';
export { gTraces, type GTraces } from './gtraces.ts';
export * from './models.ts';
export * from './effects.ts';
export * from './lmtests.ts';
export * from './dynamic.ts';
export { brentMaximize } from './brent.ts';
// random-effects spatial panels (SAR-RE, KKP SEM-RE) and the spatial Hausman test (random.ts)
export {
  fitRandomEffectsSpatialPanel,
  spatialHausman,
  type RandomSpatialModel,
  type RandomEffectsOptions,
  type RandomEffectsFit,
  type SpatialHausmanResult,
} from './random.ts';
