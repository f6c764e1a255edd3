import type { Plugin } from 'rollup';

/** The function form of an output plugin's renderChunk hook (sync or async). */
type RenderChunk = Extract<NonNullable<Plugin['renderChunk']>, (...args: never[]) => unknown>;

/**
 * Wraps a minifier (an output plugin's `renderChunk`) so that identical chunks are minified once:
 * the panel and the face chunk are written twice, to dist/cdn and dist/amd, as the same ES module,
 * and terser on the face chunk (MediaPipe included) is the costliest step of the build. Give the
 * one wrapped instance to every output that should share the work.
 */
export function minifyOnce(minifier: Plugin): Plugin {
  const hook = minifier.renderChunk;
  if (typeof hook !== 'function') throw new Error('minifyOnce: pass a plugin with a renderChunk function, such as @rollup/plugin-terser');
  const render: RenderChunk = hook;
  // Per wrapper, not per module: each config's instance lives as long as its build.
  const done = new Map<string, ReturnType<RenderChunk>>();
  return {
    name: `${minifier.name}-once`,
    renderChunk(code, chunk, options, meta) {
      const key = `${options.format}\0${String(options.sourcemap)}\0${code}`;
      let result = done.get(key);
      if (!result) {
        result = render.call(this, code, chunk, options, meta);
        done.set(key, result);
      }
      return result;
    },
  };
}
