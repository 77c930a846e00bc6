import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by apps/api at /ui/; hashed assets under /ui/assets/ are cached for a year there.
export default defineConfig({
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The preload polyfill is an inline-free module, but modern browsers do not need it.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
