import { z } from 'zod';

/** The infrastructure-as-code languages a live connection can be exported in. */
export const IAC_FORMATS = ['cdk', 'terraform'] as const;
export type IacFormat = (typeof IAC_FORMATS)[number];

export const iacExportQuerySchema = z.object({ format: z.enum(IAC_FORMATS).optional() });

/**
 * A live connection as code: the Cognito identity provider exactly as Gatehouse put it into the pool,
 * for operators who keep Cognito in AWS CDK or Terraform. A client secret is never in it: the code
 * reads it from a secret the operator keeps (`secretName` is the name the code suggests for it).
 */
export const iacExportSchema = z.object({
  providerName: z.string(),
  providerType: z.enum(['SAML', 'OIDC']),
  /** The active revision the code was generated from. */
  revision: z.number().int(),
  /** Set for OIDC: where the code expects the client secret (a Secrets Manager name, a Terraform variable). */
  secret: z.object({ secretName: z.string(), terraformVariable: z.string() }).nullable(),
  cdk: z.string().optional(),
  terraform: z.string().optional(),
});
export type IacExport = z.infer<typeof iacExportSchema>;
