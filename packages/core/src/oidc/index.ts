export * from '../findings/catalog.ts';
export * from '../findings/vendors.ts';
export * from './analyze.ts';
