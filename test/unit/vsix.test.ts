// The .vsix holds what the extension runs and shows, and nothing else: no sources, tests or source maps; the
// German files and the Marketplace's icon inside. `vsce ls` lists what `vsce package` would pack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

describe('the .vsix', () => {
  const listed = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
  const files = listed.stdout.split(/\r?\n/).filter(Boolean);

  it('is listed by vsce without an error', () => {
    assert.equal(listed.status, 0, listed.stderr);
  });

  it('holds no sources, tests, source maps, scripts or development files', () => {
    const offenders = files.filter(
      (file) =>
        /\.(ts|map|mjs|tsbuildinfo)$/.test(file) ||
        /^(client|server|test|scripts|node_modules|out|\.ci|\.git)\//.test(file) ||
        /^(tsconfig\.json|esbuild\.mjs|eslint\.config\.mjs|package-lock\.json|CONTRIBUTING\.md|l10n\/bundle\.l10n\.json)$/.test(file),
    );
    assert.deepEqual(offenders, []);
  });

  it('holds the bundles, the German texts, the icon and the pages the extension shows', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { icon: string; main: string };
    const expected = [
      manifest.main.replace(/^\.\//, ''),
      'dist/server.js',
      manifest.icon,
      'package.nls.json',
      'package.nls.de.json',
      'l10n/bundle.l10n.de.json',
      'docs/rules.md',
      'docs/rules.de.md',
      'docs/glossary.md',
      'CHANGELOG.md',
      'README.md',
      ...['open', 'fix', 'signIn', 'upload'].flatMap((page) => [`docs/walkthrough/${page}.md`, `docs/walkthrough/de/${page}.md`]),
    ];
    assert.deepEqual(
      expected.filter((file) => !files.includes(file)),
      [],
    );
  });

  it("shows the README's screenshots from the repository, not from the package", () => {
    // vsce turns relative image links into links to the `repository` on GitHub; the .vsix need not carry them.
    const images = [...readFileSync('README.md', 'utf8').matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((match) => match[1] ?? '');
    assert.ok(images.length >= 5, 'the README shows the problems, hover, quick fix, device table and upload');
    for (const image of images) {
      assert.match(image, /^docs\/images\/[\w-]+\.png$/, 'a relative link to a PNG in docs/images');
      assert.equal(readFileSync(image).subarray(1, 4).toString('latin1'), 'PNG', `${image} is a PNG`);
      assert.ok(!files.includes(image), `${image} stays out of the .vsix`);
    }
  });

  it('points the Marketplace at an icon PNG of at least 128x128, and at the repository', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown> & { icon: string };
    const png = readFileSync(manifest.icon);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'icon is at least 128x128');
    for (const field of ['repository', 'bugs', 'homepage', 'galleryBanner', 'keywords', 'categories']) assert.ok(manifest[field], field);
    assert.ok((manifest['keywords'] as string[]).length <= 10, 'at most 10 keywords (the Marketplace refuses more than it allows)');
  });
});
