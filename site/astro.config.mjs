// The portal is a static site. `datarun build-site` runs this build programmatically and passes
// the output folder, the site URL and where the catalog input is; see docs/site.md.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // Pages are written while the next ones render; with tens of thousands of pages, disk
    // writes rather than rendering set the pace.
    concurrency: 8,
  },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: { logLevel: 'warn' },
});
