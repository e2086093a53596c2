export * from './catalog.ts';
export * from './fetch.ts';
export * from './group.ts';
export * from './local.ts';
export * from './vendors.ts';
