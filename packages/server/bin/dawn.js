#!/usr/bin/env node
// The `dawn` command. Dawn's server is TypeScript run through tsx, so `npx dawn …` works straight
// after `npm install` with no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
