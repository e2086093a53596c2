import type { WizardStep } from '@gatehouse/core';
import { useProductName } from '../../../lib/branding.ts';
import { stepName } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { StepHeading } from './StepHeading.tsx';

/** A step whose page is not available yet. */
export function PendingStep({ step }: { step: WizardStep }) {
  const product = useProductName();
  return (
    <>
      <StepHeading>{stepName(step, product)}</StepHeading>
      <p>{t.wizard.notYetBody}</p>
    </>
  );
}
