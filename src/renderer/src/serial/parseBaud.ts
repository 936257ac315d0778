import { MAX_BAUD_RATE } from '../../../shared/api/serialViews'

/** A baud rate typed by hand: a whole number of bits per second, or why not. */
export function parseBaud(text: string): { baud: number } | { error: string } {
  const t = text.trim().replace(/[\s_,]/g, '')
  if (!/^\d+$/.test(t)) return { error: 'A baud rate is a whole number, such as 115200.' }
  const baud = Number(t)
  if (baud < 1 || baud > MAX_BAUD_RATE)
    return { error: `Between 1 and ${MAX_BAUD_RATE.toLocaleString('en')} baud.` }
  return { baud }
}
