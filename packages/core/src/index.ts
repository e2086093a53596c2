export * from './api-error.ts';
export * from './errors.ts';
export * from './setup-links.ts';
export * from './tenants.ts';
