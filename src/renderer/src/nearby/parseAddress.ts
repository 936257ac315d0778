/** `host:port` typed by hand, for a robot discovery cannot see (mDNS blocked on the network). */
export function parseAddress(text: string): { host: string; port: number } | null {
  const m = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(text)
  const port = Number(m?.[2])
  if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) return null
  return { host: m[1], port }
}
