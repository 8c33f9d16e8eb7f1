import pkg from '../package.json' with { type: 'json' };

/** The version recorded in every plan and report (from package.json). */
export const ABATE_VERSION: string = pkg.version;
