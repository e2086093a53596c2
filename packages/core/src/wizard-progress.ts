import { z } from 'zod';
import { WIZARD_STEPS, type WizardStep } from './connection-constants.ts';

/**
 * How far a wizard step is: `done` needs nothing more; `needs-attention` has saved data that will not
 * work as it stands (an error finding, a failed or stale test login, a domain whose check failed);
 * `todo` has not been done yet.
 */
export const STEP_STATES = ['done', 'needs-attention', 'todo'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const wizardProgressSchema = z.object({
  /** Every step of the wizard, each with its state. */
  steps: z.record(z.enum(WIZARD_STEPS), z.enum(STEP_STATES)),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  /** The first step not done, in the wizard's order; null when every step is done. */
  next: z.enum(WIZARD_STEPS).nullable(),
});
export type WizardProgress = z.infer<typeof wizardProgressSchema>;

/** What progress is judged from: the draft as saved, its last test login and the connection's domains. */
export interface WizardProgressInput {
  draftState: 'draft' | 'submitted' | 'rejected' | null;
  activeRevision: number | null;
  /** Whether the SAML metadata or OIDC settings are saved. */
  hasDetails: boolean;
  findings: readonly { severity: 'error' | 'warning' | 'info' }[];
  attributeMapping: Readonly<Record<string, string>>;
  mappingFindings: readonly { severity: 'error' | 'warning' | 'info' }[];
  lastTest?: { passed: boolean; current: boolean } | undefined;
  domains: { verified: number; failed: number };
}

const hasError = (findings: readonly { severity: string }[]) => findings.some((f) => f.severity === 'error');

/**
 * Each wizard step's state, from what the server holds rather than from where the admin clicked, so a
 * reload or another browser shows the same progress. Registering at the IdP cannot be observed: it
 * counts as done once the IdP's details are saved, which the admin has from that registration. A
 * connection that serves with no revision being worked on has every step done.
 */
export function wizardProgress(input: WizardProgressInput): WizardProgress {
  const live = input.draftState === null && input.activeRevision !== null;
  const steps: Record<WizardStep, StepState> = live
    ? { provider: 'done', register: 'done', details: 'done', mapping: 'done', domains: 'done', test: 'done', submit: 'done' }
    : {
        provider: 'done',
        register: input.hasDetails ? 'done' : 'todo',
        details: hasError(input.findings) ? 'needs-attention' : input.hasDetails ? 'done' : 'todo',
        mapping: hasError(input.mappingFindings)
          ? 'needs-attention'
          : input.hasDetails && Object.keys(input.attributeMapping).length > 0
            ? 'done'
            : 'todo',
        domains: input.domains.failed > 0 ? 'needs-attention' : input.domains.verified > 0 ? 'done' : 'todo',
        test: !input.lastTest ? 'todo' : input.lastTest.current && input.lastTest.passed ? 'done' : 'needs-attention',
        submit: input.draftState === 'submitted' ? 'done' : 'todo',
      };
  return {
    steps,
    done: WIZARD_STEPS.filter((step) => steps[step] === 'done').length,
    total: WIZARD_STEPS.length,
    next: WIZARD_STEPS.find((step) => steps[step] !== 'done') ?? null,
  };
}
