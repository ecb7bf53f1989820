#!/usr/bin/env node
// The `replenish` command. It runs the TypeScript sources through tsx, so `npx replenish` works
// right after `npm install` with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
