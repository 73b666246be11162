#!/usr/bin/env node
// Launches the CLI from the TypeScript sources through tsx (a runtime dependency), so a clone
// works right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
