// `npm run synth`: bundles the Lambdas, then synthesises the CDK app in-process into infra/cdk.out.
// Offline: no CDK CLI, no AWS account, no network. Deploy the result with the CDK CLI (docs/deploy.md).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const infraDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(infraDir);

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(infraDir, 'cdk.out') },
    'web-dist': { type: 'string', default: join(root, 'apps', 'web', 'dist') },
    'stack-name': { type: 'string', default: 'Gatehouse' },
    version: { type: 'string' },
    // Reuse a bundle made by bundleLambdas() instead of building one (tests build it once per run).
    'lambda-bundle': { type: 'string' },
    // Likewise for bundleTriggerLambdas().
    'trigger-bundle': { type: 'string' },
  },
});

const webDistDir = resolve(values['web-dist']);
if (!existsSync(join(webDistDir, 'index.html'))) {
  console.error(`No web build in ${webDistDir}: run \`npm run synth\` from the repository root (it builds the web app first).`);
  process.exit(1);
}
const apiPackage = JSON.parse(readFileSync(join(root, 'apps', 'api', 'package.json'), 'utf8')) as { version: string };
const version = values.version ?? process.env.GATEHOUSE_VERSION ?? apiPackage.version;

// Loaded only once the inputs are known to be there: aws-cdk-lib takes seconds to import.
const { bundleLambdas, bundleTriggerLambdas } = await import('../src/bundle.ts');
const { createGatehouseApp } = await import('../src/app.ts');

const started = Date.now();
const prebuilt = values['lambda-bundle'] ? resolve(values['lambda-bundle']) : undefined;
const bundleDir = prebuilt ?? mkdtempSync(join(tmpdir(), 'gatehouse-lambda-'));
try {
  const bundle = prebuilt ? { dir: prebuilt, bytes: directoryBytes(prebuilt) } : await bundleLambdas(join(bundleDir, 'api'));
  const triggers = values['trigger-bundle']
    ? resolve(values['trigger-bundle'])
    : (await bundleTriggerLambdas(join(bundleDir, 'triggers'))).dir;
  const outdir = resolve(values.out);
  rmSync(outdir, { recursive: true, force: true });
  const { app, stack } = createGatehouseApp({
    outdir,
    lambdaBundleDir: bundle.dir,
    triggerBundleDir: triggers,
    webDistDir,
    version,
    stackName: values['stack-name'],
  });
  const assembly = app.synth();
  const templates = readdirSync(assembly.directory).filter((name) => name.endsWith('.template.json'));
  console.log(`Synthesised ${stack.stackName} (version ${version}) in ${Date.now() - started} ms:`);
  for (const name of templates) console.log(`  ${join(assembly.directory, name)}`);
  console.log(`  Lambda bundle: ${(bundle.bytes / 1024).toFixed(0)} KiB; triggers: ${relative(process.cwd(), triggers)}`);
  console.log(
    `Deploy: npx aws-cdk@2.1148.1 deploy --app ${relative(process.cwd(), assembly.directory) || '.'} --parameters UserPoolId=... (see docs/deploy.md)`,
  );
} finally {
  if (!prebuilt) rmSync(bundleDir, { recursive: true, force: true });
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}
