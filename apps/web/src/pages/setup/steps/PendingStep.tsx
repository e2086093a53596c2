import type { WizardStep } from '@gatehouse/core';
import { t } from '../../../messages.ts';
import { StepHeading } from './StepHeading.tsx';

/** A step whose page is not available yet. */
export function PendingStep({ step }: { step: WizardStep }) {
  return (
    <>
      <StepHeading>{t.wizard.steps[step]}</StepHeading>
      <p>{t.wizard.notYetBody}</p>
    </>
  );
}
