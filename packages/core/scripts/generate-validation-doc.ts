/** Writes docs/validation.md from the finding catalogue. Run: pnpm --filter @gatehouse/core run docs */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderValidationDoc } from './validation-doc.ts';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'validation.md');
writeFileSync(target, renderValidationDoc());
console.log(`Wrote ${target}`);
