import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSamlMetadata } from '@gatehouse/core/saml';
import { DOMParser } from '@xmldom/xmldom';
import { type Row, row } from '../report.ts';

const fixture = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'core',
  'test',
  'fixtures',
  'saml',
  'generated',
  'entra',
  'metadata.xml',
);
const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * Grows the Entra fixture to about `size` characters the way real metadata grows: more offered claim
 * types in its WS-Federation RoleDescriptor.
 */
function documentOfSize(size: number): string {
  const text = readFileSync(fixture, 'utf8');
  const anchor = '    </fed:ClaimTypesOffered>';
  let extra = '';
  for (let i = 0; text.length + extra.length < size; i++) {
    extra += `      <auth:ClaimType xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706" Uri="http://schemas.example.com/claims/attribute-${i}" Optional="true">
        <auth:DisplayName>Attribute ${i}</auth:DisplayName>
        <auth:Description>Directory attribute number ${i} offered to relying parties.</auth:Description>
      </auth:ClaimType>\n`;
  }
  return text.replace(anchor, `${extra}${anchor}`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Times `fn` `count` times, alternating with `other` so both see the same machine state. */
function timeBoth(a: () => void, b: () => void, count: number): [number[], number[]] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < count; i++) {
    let start = performance.now();
    a();
    ta.push(performance.now() - start);
    start = performance.now();
    b();
    tb.push(performance.now() - start);
  }
  return [ta.sort((x, y) => x - y), tb.sort((x, y) => x - y)];
}

/**
 * SAML metadata analysis (preflight scan, parse, walk, certificate parsing, findings) against parsing the
 * same text with the bare XML parser, at 10 KB, 100 KB and 1 MB.
 */
export async function samlAnalysisSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const suite = 'SAML metadata analysis';
  const rows: Row[] = [];
  const sizes = [
    { label: '10 KB', size: 10_000, count: 2_000 },
    { label: '100 KB', size: 100_000, count: 300 },
    { label: '1 MB', size: 1_000_000, count: 30 },
  ];
  const scale = options.seconds < 5 ? 0.3 : 1;
  for (const { label, size, count } of sizes) {
    const text = documentOfSize(size);
    const analyse = () => {
      const result = analyzeSamlMetadata(text, { now: NOW, source: 'url' });
      if (!result.ok) throw new Error(`benchmark document has errors: ${result.findings.map((f) => f.code).join(', ')}`);
    };
    const parse = () => {
      new DOMParser().parseFromString(text, 'text/xml');
    };
    timeBoth(analyse, parse, Math.max(5, Math.round(count / 10)));
    const [analysed, parsed] = timeBoth(analyse, parse, Math.max(10, Math.round(count * scale)));
    for (const [metric, q] of [
      ['median', 0.5],
      ['p99', 0.99],
    ] as const) {
      rows.push(
        row({
          suite,
          metric: `${label} ${metric}`,
          baselineName: 'bare @xmldom/xmldom parse',
          baseline: quantile(parsed, q),
          value: quantile(analysed, q),
          unit: 'ms',
          target: label === '100 KB' ? '<= 3' : undefined,
        }),
      );
    }
  }
  return rows;
}
