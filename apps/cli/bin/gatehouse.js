#!/usr/bin/env node
// Runs the bundle (apps/cli/dist, built by `npm start` and `npm run gatehouse`) when it is built from the
// current sources, since it starts in a fraction of the time; otherwise the sources through tsx, so that
// an edit takes effect before the next build.
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE, bundleIsFresh } from './bundle-state.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (bundleIsFresh()) {
  await import(pathToFileURL(BUNDLE_FILE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/gatehouse.ts');
}
