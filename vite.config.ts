import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * Writes .br and .gz next to every text file of the build, which the server hands to browsers that
 * accept them: sixty laptops loading the board over one venue wifi fetch a quarter of the bytes.
 */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'waterlijn-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name)
          return statSync(path).isDirectory() ? walk(path) : [path]
        })
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|mjs|txt|ttf)$/.test(file)) continue
        const content = readFileSync(file)
        if (content.length < 1024) continue
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }))
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }))
      }
    },
  }
}

/**
 * The page carries the strings of one language: shared/i18n/catalogue.ts (every language, for the server
 * and the tests) becomes client/i18n/catalogue.ts, which fetches a language when someone switches to it.
 */
function pageCatalogue(): Plugin {
  const shared = resolve(import.meta.dirname, 'shared/i18n/catalogue.ts')
  const page = resolve(import.meta.dirname, 'client/i18n/catalogue.ts')
  return {
    name: 'waterlijn-page-catalogue',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('catalogue.ts') || !importer || importer === page) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      return resolved?.id === shared ? page : null
    },
  }
}

// The client lives in client/; the build goes to dist/, which the server serves.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [pageCatalogue(), react(), precompress()],
  define: {
    __WATERLIJN_BUILD__: JSON.stringify(Date.now().toString(36)),
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Read by the bundle-size check and benchmark: which files each screen loads.
    manifest: true,
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'client/index.html'),
        sw: resolve(import.meta.dirname, 'client/sw.ts'),
      },
      output: {
        // The service worker must sit at the root, under a fixed name, to control every page.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  // Without this the dev server crashes on @tldraw/assets' `?url` imports.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
})
