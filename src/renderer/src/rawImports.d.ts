// Vite's `?raw` imports: the file's text, bundled as a string (the CONNECT tab's example program).
declare module '*?raw' {
  const text: string
  export default text
}
