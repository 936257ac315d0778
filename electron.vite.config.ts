import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// The main build has several entries: the Electron shell (index), browser mode (serve), the fixture
// generator and the cache worker. All but index are plain Node and never import electron.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          fixture: resolve(__dirname, 'src/main/fixture.ts'),
          cacheWorker: resolve(__dirname, 'src/main/cache/worker/cacheWorker.ts'),
          // The simulator, shipped so the demo fleet's robots can run beside the app.
          sim: resolve(__dirname, 'src/agent/sim/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
})
