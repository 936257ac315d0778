import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import type { OpenSerialLink, SerialLink } from '../../../../src/main/serial/link/SerialLink'
import { eventually } from '../../../support/eventually'

/** Two connected pseudo-terminals made by socat (`a` for the desktop, `b` for the device). */
export interface Ptys {
  a: string
  b: string
  kill(): Promise<void>
  dispose(): Promise<void>
}

export async function makePtys(): Promise<Ptys> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetdesk-console-'))
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  const proc: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  await eventually('socat pty pair', () => {
    if (proc.exitCode !== null) throw new Error(`socat exited: ${stderr}`)
    return existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr) ? true : undefined
  })
  const kill = async (): Promise<void> => {
    if (proc.exitCode !== null) return
    proc.kill('SIGTERM')
    await exited
  }
  return {
    a,
    b,
    kill,
    dispose: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A SerialLink over a real port whose every byte is console text (a device that speaks no
 * frames): the console's side of the seam, for testing it before the framed link is merged.
 */
export const openRawPtyLink: OpenSerialLink = async ({ path, baudRate }) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
  const consoles = new Set<(bytes: Uint8Array, at: number) => void>()
  const closes = new Set<(reason: string) => void>()
  let open = true
  let bytesIn = 0
  let bytesOut = 0
  let why = 'closed'
  port.on('data', (chunk: Buffer) => {
    bytesIn += chunk.length
    for (const l of consoles) l(new Uint8Array(chunk), Date.now())
  })
  port.on('close', () => {
    open = false
    for (const l of closes) l(why)
  })
  port.on('error', (err: Error) => {
    why = err.message
  })
  const link: SerialLink = {
    path,
    baudRate,
    channel: {
      send: () => {
        throw new Error('a raw link carries no frames')
      },
      onMessage: () => () => undefined,
      onClose: () => () => undefined,
      close: () => undefined,
      get isOpen() {
        return open
      },
    },
    onConsoleBytes: (l) => {
      consoles.add(l)
      return () => consoles.delete(l)
    },
    writeRaw: (bytes) =>
      new Promise((resolve, reject) => {
        if (!open) return reject(new Error('the port is closed'))
        port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(err)
          bytesOut += bytes.length
          port.drain(() => resolve())
        })
      }),
    stats: () => ({
      bytesIn,
      bytesOut,
      framesDecoded: 0,
      framesDropped: { badCrc: 0, badCobs: 0, oversized: 0 },
      consoleBytes: bytesIn,
    }),
    onClose: (l) => {
      closes.add(l)
      return () => closes.delete(l)
    },
    close: (reason = 'closed') =>
      new Promise((resolve) => {
        if (!open) return resolve()
        why = reason
        port.close(() => resolve())
      }),
    get isOpen() {
      return open
    },
  }
  return link
}
