export * from './decode.ts';
export * from './id-token.ts';
export * from './saml-response.ts';
export * from './schema.ts';
export type { ClaimMapping } from './shared.ts';
