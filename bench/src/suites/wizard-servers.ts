// Child process of the wizard-load suite: the local stack (the API, the local Cognito, DynamoDB Local)
// and a blank Vite page, on the server CPU, so that Chromium, on the load CPU, does not share theirs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { startLocalStack } from '@gatehouse/cli/local-stack';
import { build } from 'vite';

/** Builds a blank Vite page (one module that writes a heading) and serves it on a free port. */
async function blankVitePage(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-blank-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>',
  );
  writeFileSync(join(dir, 'main.js'), "document.getElementById('root').innerHTML = '<h1>Blank</h1>';\n");
  await build({ root: dir, logLevel: 'silent', build: { outDir: join(dir, 'dist') } });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer((req, res) => {
    const path = req.url === '/' || !req.url ? '/index.html' : req.url;
    try {
      const body = readFileSync(join(dir, 'dist', path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const stack = await startLocalStack({ port: 0, logLevel: 'silent' });
const blank = await blankVitePage();
process.stdout.write(`${JSON.stringify({ setupUrl: stack.demo.setupUrl, blankUrl: blank.url })}\n`);

const stop = async () => {
  await blank.stop();
  await stack.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
