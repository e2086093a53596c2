#!/usr/bin/env node
// The bin runs the TypeScript sources through tsx, like every other Node entry point of the repository.
const { register } = await import('tsx/esm/api');
register();
await import('../src/bin.ts');
