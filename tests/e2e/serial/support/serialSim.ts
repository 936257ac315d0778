import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

/** `npm run sim -- --count 1 --serial PATH`, as a technician runs it; resolves once it serves the port. */
export function startSerialSim(path: string): {
  child: ChildProcess
  ready: Promise<{ partId: string; secret: string }>
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/agent/sim/main.ts', '--count', '1', '--serial', path, '--baud', '115200'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
    },
  )
  const lines = createInterface({ input: child.stdout! })
  const ready = new Promise<{ partId: string; secret: string }>((resolve, reject) => {
    let secret = ''
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
    lines.on('line', (line) => {
      const announced = /^SIM \S+ part=\S+ address=\S+ secret=(\S+)$/.exec(line)
      if (announced) secret = announced[1]!
      const serial = /^SIM-SERIAL \S+ part=(\S+) path=\S+ baud=115200$/.exec(line)
      if (serial) resolve({ partId: serial[1]!, secret })
    })
  })
  return { child, ready }
}

/** Ends the simulator and resolves once it has exited. */
export async function stopSerialSim(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
