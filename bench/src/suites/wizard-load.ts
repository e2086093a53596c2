import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLocalStack } from '@gatehouse/cli/local-stack';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { type Row, row, STARTS_PER_ROUND, startRounds } from '../report.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

interface Load {
  ms: number;
  jsGzipBytes: number;
}

/** One cold load in a fresh browser context: time from navigation to the first heading, and JS shipped. */
async function coldLoad(newPage: () => Promise<Page>, url: string): Promise<Load> {
  const page = await newPage();
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (/\.js(\?|$)/.test(response.url())) scripts.push(response.body().then((body) => gzipSync(body).length));
  });
  await page.goto(url);
  await page.locator('h1').first().waitFor();
  const ms = await page.evaluate(() => performance.now());
  const jsGzipBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  await page.context().close();
  return { ms, jsGzipBytes };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * The wizard's first load in Chromium (a setup link opened cold: link exchange, session, first page)
 * beside a blank Vite page, both served on 127.0.0.1: time to the first heading and JavaScript shipped.
 */
export async function wizardLoadSuite(options: { rounds: number }): Promise<Row[]> {
  const stack = await startLocalStack({ port: 0, logLevel: 'silent' });
  const blank = await blankVitePage();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const newPage = async () => (await browser.newContext()).newPage();
    // Whole rounds of STARTS_PER_ROUND loads of each (report.ts, startRounds), at least two.
    const runs = Math.max(2, options.rounds) * STARTS_PER_ROUND;
    const wizard: Load[] = [];
    const baseline: Load[] = [];
    await coldLoad(newPage, stack.demo.setupUrl);
    await coldLoad(newPage, blank.url);
    for (let i = 0; i < runs; i++) {
      baseline.push(await coldLoad(newPage, blank.url));
      wizard.push(await coldLoad(newPage, stack.demo.setupUrl));
    }
    const suite = 'Wizard first load (Chromium, cold)';
    const kb = (loads: Load[]) => median(loads.map((l) => l.jsGzipBytes)) / 1024;
    return [
      row({
        suite,
        metric: 'time to first heading (median)',
        baselineName: 'blank Vite page',
        baseline: median(baseline.map((l) => l.ms)),
        value: median(wizard.map((l) => l.ms)),
        unit: 'ms',
        target: '<= 5',
        rounds: startRounds(
          baseline.map((l) => l.ms),
          wizard.map((l) => l.ms),
        ),
      }),
      row({
        suite,
        metric: 'JavaScript shipped (gzip)',
        baselineName: 'blank Vite page',
        baseline: kb(baseline),
        value: kb(wizard),
        unit: 'KB',
        valueTarget: '<= 150',
      }),
    ];
  } finally {
    await browser.close();
    await blank.stop();
    await stack.stop();
  }
}
