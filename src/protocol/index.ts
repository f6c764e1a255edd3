export * from './types';
export * from './errors';
export * from './limits';
export * from './validate';
export { safeUrl, type UrlPurpose } from './url';
