/**
 * The Content-Security-Policy of every response the renderer gets (Electron session header and
 * browser-mode HTTP header), on top of the page's own meta tag. Inline styles are allowed because
 * Mantine and CodeMirror inject style elements; scripts come only from the app itself.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
