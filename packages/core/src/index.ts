export * from './admin.ts';
export * from './api-error.ts';
export * from './connections.ts';
export * from './domain-claims.ts';
export * from './errors.ts';
export * from './guides.ts';
export * from './setup-links.ts';
export * from './tenants.ts';
