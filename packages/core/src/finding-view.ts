import { z } from 'zod';

/** How much a finding or a reported problem matters: it must be fixed, should be, or is worth knowing. */
export const findingSeveritySchema = z.enum(['error', 'warning', 'info']);

/**
 * A finding as the API sends it: the shape of `Finding` with the code left open, so a client keeps
 * working when a newer server reports a code it does not know yet.
 */
export const findingViewSchema = z.object({
  code: z.string(),
  severity: findingSeveritySchema,
  field: z.string(),
  message: z.string(),
  fix: z.string(),
  places: z.array(z.string()).optional(),
});

/** A finding as the API sends it, the wizard shows it and a draft stores it. */
export type FindingView = z.infer<typeof findingViewSchema>;
