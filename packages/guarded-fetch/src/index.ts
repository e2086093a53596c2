export * from './address.ts';
export * from './fetch.ts';
