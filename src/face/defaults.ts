/**
 * Where the runtime and models are when the merchant sets no URL. An app's bundler cannot
 * know where it will serve files we never gave it, so the npm build has none. The script-tag and
 * AMD builds replace this module (build/face.ts) with URLs beside `ai-discovery.face.js`, where
 * that build copies the files, resolved against the chunk's own `import.meta.url`.
 */
export function defaultAssetUrls(): { wasmBaseUrl?: string; detectorModelUrl?: string; landmarkerModelUrl?: string } {
  return {};
}
