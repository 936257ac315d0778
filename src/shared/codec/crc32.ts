/**
 * CRC-32 with the IEEE polynomial (as in zlib and PNG): the cache journal's frames, the fake
 * camera's PNG chunks, and the serial link's frames. Node 20 has no `zlib.crc32` (it arrived in
 * Node 22.2), and the renderer has none at all, so this table-driven one serves everywhere.
 */
const TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff
  for (let i = start; i < end; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
