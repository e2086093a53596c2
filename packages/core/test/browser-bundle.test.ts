import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, string>;

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { bytes: result.outputFiles[0]?.contents.byteLength ?? 0, inputs: Object.keys(result.metafile.inputs) };
}

describe('browser bundles of @gatehouse/core', () => {
  it.each(Object.entries(exportsMap))('%s builds for the browser without Node built-ins', async (_path, entry) => {
    const { inputs } = await bundle(entry);
    expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
  });

  it('keeps the main entry free of the XML, certificate and domain-list parsers', async () => {
    const { inputs } = await bundle(exportsMap['.'] ?? '');
    expect(inputs.filter((i) => /xmldom|@peculiar|asn1|tldts|free-email-domains/.test(i))).toEqual([]);
  });
});
