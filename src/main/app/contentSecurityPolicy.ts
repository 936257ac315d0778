/**
 * The Content-Security-Policy of every response the renderer gets (Electron session header and
 * browser-mode HTTP header), on top of the page's own meta tag. Inline styles are allowed because
 * Mantine and CodeMirror inject style elements; scripts come only from the app itself.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Headers for every response the renderer's server sends, whatever its status: a 404 or 421 page is
 * a document too, and must not be sniffed into script, framed, read across origins or leak its
 * address (with browser mode's token) in a Referer. The Electron shell may apply the same set.
 */
export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}
