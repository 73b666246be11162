// Node 20 worker threads do not inherit tsx's hooks (docs/stack.md 3): register them
// here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
