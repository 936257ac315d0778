// Makes the app's icons from resources/icon.svg: icon.png (512 px: the Electron window, Linux
// packages), icon.ico (Windows) and icon.icns (macOS), the files electron-builder takes from its
// build resources (package.json: build.directories.buildResources). The results are committed, so
// only whoever redraws the icon runs this; it needs Debian's librsvg2-bin and icnsutils:
//   apt-get install librsvg2-bin icnsutils && node scripts/makeIcons.mjs
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root } from './lib/ensureBuilt.mjs'

const resources = join(root, 'resources')
const svg = join(resources, 'icon.svg')
const work = mkdtempSync(join(tmpdir(), 'fleetdesk-icons-'))

function png(size, dir = work) {
  const out = join(dir, size === 512 && dir === resources ? 'icon.png' : `icon-${size}.png`)
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), svg, '-o', out])
  return out
}

/** An ICO holding PNG images (read by Windows since Vista), one directory entry per size. */
function ico(sizes) {
  const images = sizes.map((size) => ({ size, data: readFileSync(png(size)) }))
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // type 1: icon
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, at) // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1)
    header.writeUInt8(0, at + 2) // no palette
    header.writeUInt8(0, at + 3)
    header.writeUInt16LE(1, at + 4) // colour planes
    header.writeUInt16LE(32, at + 6) // bits per pixel
    header.writeUInt32LE(data.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += data.length
  })
  return Buffer.concat([header, ...images.map((image) => image.data)])
}

try {
  png(512, resources)
  writeFileSync(join(resources, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]))
  // png2icns picks each image's slot from its size (16, 32, 48, 128, 256, 512 px).
  execFileSync('png2icns', [join(resources, 'icon.icns'), ...[16, 32, 48, 128, 256, 512].map((s) => png(s))])
  console.log('resources/icon.png, icon.ico and icon.icns written from icon.svg')
} finally {
  rmSync(work, { recursive: true, force: true })
}
