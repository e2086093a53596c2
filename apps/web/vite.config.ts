import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev) proxies the API to a portal started with `npm start` (port 8787 unless changed).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the portal's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/v1': 'http://127.0.0.1:8787', '/config.json': 'http://127.0.0.1:8787' },
  },
});
