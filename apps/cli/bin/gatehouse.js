#!/usr/bin/env node
// The CLI is TypeScript run through tsx, like every other Node entry point of the repository.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('../src/gatehouse.ts');
