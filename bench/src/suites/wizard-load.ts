import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { startChild } from '../child.ts';
import { asLoadGenerator } from '../pinning.ts';
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
  // The servers in a child on the server CPU; Chromium, started from here, on the load CPU.
  const servers = await startChild<{ setupUrl: string; blankUrl: string }>(join(import.meta.dirname, 'wizard-servers.ts'));
  const { setupUrl, blankUrl } = servers.info;
  // Whole rounds of STARTS_PER_ROUND loads of each (report.ts, startRounds), at least two.
  const runs = Math.max(2, options.rounds) * STARTS_PER_ROUND;
  const wizard: Load[] = [];
  const baseline: Load[] = [];
  try {
    await asLoadGenerator(async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const newPage = async () => (await browser.newContext()).newPage();
        await coldLoad(newPage, setupUrl);
        await coldLoad(newPage, blankUrl);
        for (let i = 0; i < runs; i++) {
          baseline.push(await coldLoad(newPage, blankUrl));
          wizard.push(await coldLoad(newPage, setupUrl));
        }
      } finally {
        await browser.close();
      }
    });
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
    await servers.stop();
  }
}
