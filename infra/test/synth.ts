import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { createGatehouseApp } from '../src/app.ts';

/** Synthesises the stack from the suite's shared bundle; returns the template and the assembly directory. */
export function synthGatehouse() {
  const outdir = mkdtempSync(join(tmpdir(), 'gatehouse-cdk-out-'));
  const { app, stack } = createGatehouseApp({
    outdir,
    lambdaBundleDir: inject('lambdaBundleDir'),
    triggerBundleDir: inject('triggerBundleDir'),
    webDistDir: inject('webDistDir'),
    version: '1.2.3-test',
  });
  const assembly = app.synth();
  return { stack, template: Template.fromStack(stack), assemblyDir: assembly.directory };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
export type Json = any;

/** Every resource of `type` in the template, as [logicalId, resource]. */
export function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}
