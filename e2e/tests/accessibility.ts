import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The impacts that fail a page: axe's serious and critical violations block someone from using it. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it stands (its script comes from the installed package: nothing is
 * downloaded) and fails on any serious or critical violation, naming the rule and the elements.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map(
      (violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(blocking, `accessibility of ${where}`).toEqual([]);
}
