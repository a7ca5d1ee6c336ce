/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Fails the build when a bundled Mantine component would render unstyled. The
 * app imports Mantine's styles per component (main.tsx for the first screen,
 * components/lazyViewStyles.ts for the lazily loaded views) rather than all
 * 300 KB at start-up, so a component newly used on a page needs its CSS added
 * there. Whatever is loaded together (the entry, or a lazy view, with the chunks
 * they import) must bring the styles of all its components, the first screen's
 * styles being there already.
 */
function mantineStylesGuard(): Plugin {
  // `@mantine/core/esm/components/Button/Button.module.mjs` holds the class names
  // of `@mantine/core/styles/Button.css` (utils/InlineInput likewise).
  const componentOf = (id: string) => /@mantine\/(\w+)\/esm\/.*\/(\w+)\.module\.mjs$/.exec(id)?.slice(1).join('/');
  const stylesOf = (id: string) =>
    /@mantine\/(\w+)\/styles\/(\w+)\.css$/.exec(id)?.slice(1).join('/') ??
    /@mantine\/(\w+)\/styles\.css$/.exec(id)?.[1].concat('/*');
  const text = (file: string) => readFileSync(file, 'utf8').trim();
  return {
    name: 'mantine-styles-guard',
    apply: 'build',
    // Before other transforms, to read the imports as written.
    enforce: 'pre',
    // A component's styles must follow those of the components it is built on
    // (Button after UnstyledButton), as in @mantine/core/styles.css.
    async transform(code, id) {
      if (id.includes('/node_modules/')) return null;
      const names = [...code.matchAll(/^import '@mantine\/core\/styles\/(\w+)\.css';/gm)].map((m) => m[1]);
      if (names.length < 2) return null;
      const resolve = async (file: string) => (await this.resolve(`@mantine/core/${file}`, id))?.id ?? file;
      const all = text(await resolve('styles.css'));
      const positions = await Promise.all(names.map(async (n) => all.indexOf(text(await resolve(`styles/${n}.css`)))));
      positions.forEach((position, i) => {
        if (i > 0 && position < positions[i - 1]) {
          this.error(`${id}: import @mantine/core/styles/${names[i]}.css before ${names[i - 1]}.css, as in styles.css`);
        }
      });
      return null;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])),
      );
      // The modules of a chunk and of the chunks it imports statically.
      const loadedWith = (fileName: string, ids: string[] = [], seen = new Set<string>()) => {
        const chunk = chunks.get(fileName);
        if (!chunk || seen.has(fileName)) return ids;
        seen.add(fileName);
        ids.push(...Object.keys(chunk.modules));
        for (const imported of chunk.imports) loadedWith(imported, ids, seen);
        return ids;
      };
      const all = [...chunks.values()];
      const entries = all.filter((c) => c.isEntry).map((c) => c.fileName);
      const lazy = new Set(all.flatMap((c) => c.dynamicImports));
      const firstScreen = entries.flatMap((e) => loadedWith(e)).flatMap((id) => stylesOf(id) ?? []);
      // Each missing file once, with the first view that needs it.
      const missing = new Map<string, string>();
      for (const root of [...entries, ...lazy]) {
        const ids = loadedWith(root);
        const styles = new Set([...firstScreen, ...ids.flatMap((id) => stylesOf(id) ?? [])]);
        for (const component of ids.flatMap((id) => componentOf(id) ?? [])) {
          const [pkg, name] = component.split('/');
          // Only @mantine/core has a file per component.
          const file = pkg === 'core' ? `@mantine/core/styles/${name}.css` : `@mantine/${pkg}/styles.css`;
          if (!styles.has(component) && !styles.has(`${pkg}/*`) && !missing.has(file)) missing.set(file, root);
        }
      }
      if (missing.size > 0) {
        const list = [...missing].map(([file, root]) => `${file} (needed by ${root})`).join(', ');
        this.error(
          `Mantine components without their styles: ${list}. Import them in src/main.tsx if the first ` +
            'screen uses them, else in src/components/lazyViewStyles.ts, in the order of @mantine/core/styles.css.',
        );
      }
    },
  };
}

// https://v2.tauri.app/start/frontend/vite/
export default defineConfig({
  plugins: [react(), mantineStylesGuard()],
  clearScreen: false,
  envPrefix: ['VITE_'],
  server: {
    port: 1420,
    strictPort: true,
    watch: {
      // The Rust side lives next to ui/; don't watch it.
      ignored: ['**/src-tauri/**'],
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    globals: false,
    css: false,
    // Whole flows typed with user-event (a wizard step, a form with a dozen
    // inputs) take 2–4 s on this 2-core machine and more while cargo builds;
    // vitest's 5 s default left no margin. Each wait inside still has its own
    // bound (findBy*), so a real hang still fails.
    testTimeout: 15_000,
  },
});
