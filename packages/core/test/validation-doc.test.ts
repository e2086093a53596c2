import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderValidationDoc } from '../scripts/validation-doc.ts';
import { FINDING_CODES } from '../src/findings/catalog.ts';

describe('docs/validation.md', () => {
  it('is in sync with the finding catalogue (regenerate: pnpm --filter @gatehouse/core run docs)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'validation.md'), 'utf8');
    expect(doc).toBe(renderValidationDoc());
  });

  it('lists every finding code', () => {
    const doc = renderValidationDoc();
    for (const code of FINDING_CODES) expect(doc).toContain(`| \`${code}\` |`);
  });
});
