export * from './catalog.ts';
export * from './local.ts';
export * from './vendors.ts';
