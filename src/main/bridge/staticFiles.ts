import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

export interface StaticFile {
  body: Buffer
  contentType: string
}

/**
 * Resolves a URL path inside `root` and reads it; paths that escape the root, and missing files,
 * give null. Unknown paths without an extension fall back to index.html (the app is one page).
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '')
  const full = join(root, relative === '' ? 'index.html' : relative)
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null
  try {
    const info = await stat(full)
    const file = info.isDirectory() ? join(full, 'index.html') : full
    return { body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' }
  } catch {
    if (extname(relative) !== '') return null
    try {
      return { body: await readFile(join(root, 'index.html')), contentType: TYPES['.html'] as string }
    } catch {
      return null
    }
  }
}
