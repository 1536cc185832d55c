import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The client lives in client/; the build goes to dist/, which the server serves.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
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
