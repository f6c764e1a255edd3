/** One of MediaPipe's two wasm runtimes: the loader script and the binary it instantiates. */
export interface WasmPair {
  loader: string;
  binary: string;
}

/**
 * The runtime as separate files rather than a folder: a bundler only copies (and renames) files
 * it sees named one by one in `new URL('…', import.meta.url)`, never a folder.
 */
export interface WasmFiles {
  simd: WasmPair;
  noSimd: WasmPair;
}

/** Where the runtime and models are when the merchant sets no URL. */
export interface DefaultAssets {
  wasmBaseUrl?: string;
  wasmFiles?: WasmFiles;
  detectorModelUrl?: string;
  landmarkerModelUrl?: string;
}

/**
 * None in the sources (tests and dev servers set their URLs). Every build replaces this module
 * (build/face.ts): the script-tag and AMD builds with the folder beside `ai-discovery.face.js`,
 * the npm build with each file beside this module, resolved against its own `import.meta.url`,
 * which the app's bundler follows and copies.
 */
export function defaultAssetUrls(): DefaultAssets {
  return {};
}
