// Entry of a worker thread when abate runs from its TypeScript sources (bin/abate.mjs without a bundle, the
// tests): register the TypeScript loader in this thread, then load the task. The bundle uses
// dist/coalition-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const task = await import('./coalition-worker.ts');
export default task.default;
