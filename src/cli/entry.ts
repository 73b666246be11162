/** The CLI's entry point: a sweep's worker threads start first (early-start.ts), then the CLI loads and runs. */
import { startEarly } from './early-start.ts';

startEarly(process.argv.slice(2));
await import('./main.ts');
