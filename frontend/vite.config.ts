/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath, URL } from 'node:url';

// The build lands in the API host's web root, so `make run` serves API and SPA on one address.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:5080', '/swagger': 'http://127.0.0.1:5080' },
  },
  build: {
    outDir: '../backend/src/Recovery.Api/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    // The chunk graph, for the budget of each entry's first screen (scripts/bundle-budget.mjs).
    manifest: true,
  },
  test: {
    globals: true,
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // A busy two-core machine renders a form in seconds; the checks wait for what a person would see, not for a clock.
    testTimeout: 20_000,
  },
});
