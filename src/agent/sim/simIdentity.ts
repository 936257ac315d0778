import { createHash } from 'node:crypto'

/**
 * The part id and secret of simulator slot `index`, derived from a seed: the same seed gives the same
 * fleet on every run (so a desktop that cached it, or a demo script, finds the same parts again).
 * The part id is shaped like a UUID; the secret is 32 base64url characters.
 */
export function simIdentity(seed: string, index: number): { partId: string; secret: string } {
  const digest = (label: string): Buffer =>
    createHash('sha256').update(`${label}\0${seed}\0${index}`).digest()
  const hex = digest('part').toString('hex')
  // Version 4 / variant bits set, so tools that check UUIDs accept it.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  const partId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  return { partId, secret: digest('secret').subarray(0, 24).toString('base64url') }
}
