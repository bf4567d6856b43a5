/**
 * Response headers for every page: the first three make it cross-origin
 * isolated; the fourth allows the JS Self-Profiling API in it. Keep
 * public/_headers in step.
 */
export const pageHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Document-Policy': 'js-profiling',
};
