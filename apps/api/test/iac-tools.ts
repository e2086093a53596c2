import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { onTestFinished } from 'vitest';
import type { Loose } from './harness.ts';

const run = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Inside infra/, so that the generated code resolves the aws-cdk-lib the CDK app itself uses. */
const SCRATCH = join(REPO, 'infra', 'node_modules', '.iac-export-test');

const SYNTH = `import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as generated from './idp.ts';

const app = new App();
const stack = new Stack(app, 'Exported');
for (const value of Object.values(generated)) if (typeof value === 'function') value(stack);
process.stdout.write(JSON.stringify(Template.fromStack(stack).toJSON()));
`;

const TSCONFIG = {
  extends: join(REPO, 'tsconfig.base.json'),
  compilerOptions: { noUnusedLocals: true, noUnusedParameters: true },
  files: ['idp.ts', 'synth.ts'],
};

/**
 * Type-checks generated CDK code with the TypeScript compiler against aws-cdk-lib, then synthesises it
 * in a stack of its own and returns the CloudFormation template (aws-cdk-lib/assertions Template).
 */
export async function compileAndSynth(cdk: string): Promise<Loose> {
  const dir = join(SCRATCH, randomUUID());
  mkdirSync(dir, { recursive: true });
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'idp.ts'), cdk);
  writeFileSync(join(dir, 'synth.ts'), SYNTH);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  try {
    await run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', dir], { cwd: dir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`The generated CDK code does not compile:\n${stdout ?? ''}${stderr ?? ''}\n${cdk}`);
  }
  const { stdout } = await run(join(REPO, 'infra', 'node_modules', '.bin', 'tsx'), ['synth.ts'], {
    cwd: dir,
    env: { ...process.env, CDK_VALIDATION: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/** The one resource of a type in a synthesised template. */
export function onlyResource(template: Loose, type: string): Loose {
  const resources = Object.values(template.Resources ?? {}).filter((resource: Loose) => resource.Type === type);
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

/**
 * Terraform's JSON form of a literal string back to its value: a literal `${` or `%{` is written `$${`
 * or `%%{`; an unescaped one would be an interpolation, i.e. a value that escaped its string.
 */
export function terraformLiteral(template: unknown): string {
  if (typeof template !== 'string') throw new Error(`not a string: ${JSON.stringify(template)}`);
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const next = template.slice(i, i + 3);
    if (next === '$${' || next === '%%{') {
      out += `${next[0]}{`;
      i += 2;
    } else if (template.startsWith('${', i) || template.startsWith('%{', i)) {
      throw new Error(`an expression where a literal was expected: ${template}`);
    } else out += template[i];
  }
  return out;
}

/** Parses Terraform with HashiCorp's HCL parser (compiled to WebAssembly). */
export async function parseTerraform(text: string): Promise<Loose> {
  return parse('main.tf', text);
}
