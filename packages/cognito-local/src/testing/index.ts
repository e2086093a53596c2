export { MiniBrowser } from './browser.ts';
