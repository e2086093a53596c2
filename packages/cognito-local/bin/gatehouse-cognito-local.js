#!/usr/bin/env node
// The bin is TypeScript run through tsx, like every other Node entry point of the repository.
const { register } = await import('tsx/esm/api');
register();
await import('../src/bin.ts');
