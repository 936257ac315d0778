// A device that speaks no frames, on one end of a pty pair: prints a few boot lines, then a
// numbered line every 200 ms, and answers each line it reads with "echo: <line>". Usage:
//   node echoDevice.mjs <pty path>
import { createReadStream, openSync, writeSync } from 'node:fs'

const path = process.argv[2]
if (!path) throw new Error('usage: echoDevice.mjs <pty path>')
const fd = openSync(path, 'r+')
const say = (text) => writeSync(fd, `${text}\r\n`)

say('ESP-ROM:esp32s3-20210327')
say('boot: chip revision v0.1')
say('device ready')
let n = 0
const ticker = setInterval(() => say(`tick ${++n}`), 200)

let pending = ''
createReadStream('', { fd, autoClose: false })
  .on('data', (chunk) => {
    pending += chunk.toString('utf8')
    let i
    while ((i = pending.search(/\r\n|\n|\r/)) >= 0) {
      const line = pending.slice(0, i)
      pending = pending.slice(pending[i] === '\r' && pending[i + 1] === '\n' ? i + 2 : i + 1)
      say(`echo: ${line}`)
    }
  })
  .on('error', () => process.exit(0))
process.on('SIGTERM', () => {
  clearInterval(ticker)
  process.exit(0)
})
