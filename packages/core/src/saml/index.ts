export * from '../findings/catalog.ts';
export * from '../findings/vendors.ts';
export * from './analyze.ts';
export * from './certificate.ts';
export { METADATA_LIMITS, preflightXml } from './preflight.ts';
export { detectSamlVendor } from './vendor.ts';
