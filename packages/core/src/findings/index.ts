export * from './catalog.ts';
export * from './vendors.ts';
