import { WIZARD_STEPS, type WizardStep } from '@gatehouse/core/connection-constants';
import { t } from '../messages.ts';

export const stepPath = (connectionId: string, step: WizardStep) => `/setup/connections/${connectionId}/${step}`;

/** Link to the step after `step`, or null for the last one. */
export function nextStepPath(connectionId: string, step: WizardStep): string | null {
  const next = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) + 1];
  return next ? stepPath(connectionId, next) : null;
}

/** A step's name as the stepper and the headings show it: the register step names the product. */
export function stepName(step: WizardStep, product: string): string {
  const name = t.wizard.steps[step];
  return typeof name === 'function' ? name(product) : name;
}
