// Compiles TypeScript entry points (tests, scripts) to out/ with esbuild; dependencies stay in node_modules.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

export async function compile(entryPoints, outdir = 'out') {
  await esbuild.build({
    entryPoints,
    outdir,
    outbase: '.',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return entryPoints.map((entry) => path.join(outdir, entry.replace(/\.ts$/, '.js')));
}
