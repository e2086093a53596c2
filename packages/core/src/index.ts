export * from './api-error.ts';
export * from './cognito-errors.ts';
export * from './connections.ts';
export * from './errors.ts';
export * from './guides.ts';
export * from './setup-links.ts';
export * from './tenants.ts';
export * from './test-login.ts';
