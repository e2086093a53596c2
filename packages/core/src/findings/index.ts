export * from './catalog.ts';
export * from './vendors.ts';
export * from './local.ts';
