// The spatial panel models, one row each: which spatial terms a model has and which estimators fit it. The
// compiler reads the words (estimate's and hausman's `model`, variants' model(...)); the solvers and the spatial
// constructs read the fields, never the words. Neutral ground: imports nothing, so both sides may read it.
//
// A new model is one row here plus the estimator pieces it needs, e.g.
//   sac: { label: 'SAC', title: 'spatial autoregressive combined model', lag: true, error: true, durbin: false, … }
//   slx: { label: 'SLX', title: 'spatial lag of X model', lag: false, error: false, durbin: true, … }
//   gns: { label: 'GNS', title: 'general nesting spatial model', lag: true, error: true, durbin: true, … }
// (fitSpatialPanel rejects a row whose lag/error combination it has no likelihood for: SPPANEL_MODEL).

export interface SpatialModelDescriptor {
  /** The model's name in tables and messages. */
  label: string;
  /** What the model is, in words (property docs, the reference). */
  title: string;
  /** ρ·Wy: a spatially lagged dependent variable. */
  lag: boolean;
  /** λ·Wu: spatially autocorrelated disturbances. */
  error: boolean;
  /** W·X: spatially lagged regressors (Durbin terms, chosen by `durbin`). */
  durbin: boolean;
  /** The dynamic estimator (y_{t−1}, W·y_{t−1}; solvers/spatial/dynamic.ts, as SDPDmod) fits it. */
  dynamicAllowed: boolean;
  /** The random-effects estimator (solvers/spatial/random.ts, as splm's spreml) fits it, so `hausman` can test it. */
  randomAllowed: boolean;
}

export const SPATIAL_MODELS = {
  sar: {
    label: 'SAR',
    title: 'spatial lag model',
    lag: true,
    error: false,
    durbin: false,
    dynamicAllowed: true,
    randomAllowed: true,
  },
  sem: {
    label: 'SEM',
    title: 'spatial error model',
    lag: false,
    error: true,
    durbin: false,
    dynamicAllowed: false,
    randomAllowed: true,
  },
  sdm: {
    label: 'SDM',
    title: 'spatial Durbin model',
    lag: true,
    error: false,
    durbin: true,
    dynamicAllowed: true,
    randomAllowed: false,
  },
  sdem: {
    label: 'SDEM',
    title: 'spatial Durbin error model',
    lag: false,
    error: true,
    durbin: true,
    dynamicAllowed: false,
    randomAllowed: false,
  },
} as const satisfies Record<string, SpatialModelDescriptor>;

type Models = typeof SPATIAL_MODELS;
export type SpatialModel = keyof Models;
/** The models the dynamic estimator fits. */
export type DynamicSpatialModel = {
  [M in SpatialModel]: Models[M]['dynamicAllowed'] extends true ? M : never;
}[SpatialModel];
/** The models the random-effects estimator fits. */
export type RandomSpatialModel = {
  [M in SpatialModel]: Models[M]['randomAllowed'] extends true ? M : never;
}[SpatialModel];

/** Every model word, in table order. */
export const SPATIAL_MODEL_WORDS = Object.keys(SPATIAL_MODELS) as SpatialModel[];

/** The descriptor of a model word, or undefined for a word that is not a model. */
export function spatialModel(word: string): SpatialModelDescriptor | undefined {
  return Object.hasOwn(SPATIAL_MODELS, word) ? SPATIAL_MODELS[word as SpatialModel] : undefined;
}

/** The model words whose descriptor satisfies `keep`, in table order. */
export function spatialModelsWhere(keep: (d: SpatialModelDescriptor) => boolean): SpatialModel[] {
  return SPATIAL_MODEL_WORDS.filter((m) => keep(SPATIAL_MODELS[m]));
}

/** The labels of the models whose descriptor satisfies `keep` (for messages: "SAR/SDM"). */
export function spatialLabelsWhere(keep: (d: SpatialModelDescriptor) => boolean): string[] {
  return spatialModelsWhere(keep).map((m) => SPATIAL_MODELS[m].label);
}

/** Whether the dynamic estimator fits the model. */
export function isDynamicModel(model: SpatialModel): model is DynamicSpatialModel {
  return SPATIAL_MODELS[model].dynamicAllowed;
}

/** The dynamic models' words. */
export const DYNAMIC_MODEL_WORDS = spatialModelsWhere((d) => d.dynamicAllowed) as DynamicSpatialModel[];
/** The random-effects models' words. */
export const RANDOM_MODEL_WORDS = spatialModelsWhere((d) => d.randomAllowed) as RandomSpatialModel[];
