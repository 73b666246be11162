import { readdirSync } from 'node:fs';
import { goldenSuite } from './golden.ts';

// the bundled scenarios, split over two files so vitest runs them on two workers
const all = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
goldenSuite(all.filter((_, i) => i % 2 === 1));
