import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The version recorded in every plan and report (from package.json). */
export const ABATE_VERSION: string = (require('../package.json') as { version: string }).version;
