import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import type { SerialLink } from '../../../src/main/serial/link/SerialLink'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'

// `npm run sim -- --count 1 --serial PATH`, as a technician runs it: a simulated robot on a pty.

const root = fileURLToPath(new URL('../../../', import.meta.url))
let child: ChildProcess | undefined
let pair: PtyPair | undefined
let link: SerialLink | undefined

afterEach(async () => {
  await link?.close()
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await pair?.dispose()
})

describe('the simulator on a serial port', () => {
  it('serves a simulated robot on the port it is given', async () => {
    pair = await createPtyPair()
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/agent/sim/main.ts', '--count', '1', '--serial', pair.b, '--baud', '115200'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
      },
    )
    child = proc
    const lines = createInterface({ input: proc.stdout })
    const announced = await new Promise<{ part: string; secret: string; serial: string }>(
      (resolve, reject) => {
        let secret = ''
        proc.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
        lines.on('line', (line) => {
          const sim = /^SIM \S+ part=\S+ address=\S+ secret=(\S+)$/.exec(line)
          if (sim) secret = sim[1]!
          const serial = /^SIM-SERIAL \S+ part=(\S+) path=(\S+) baud=115200$/.exec(line)
          if (serial) resolve({ part: serial[1]!, serial: serial[2]!, secret })
        })
      },
    )
    expect(announced.serial).toBe(pair.b)
    link = await openSerialLink({ path: pair.a, baudRate: 115200 })
    const client = new RobotClient(link.channel)
    const hello = await client.hello({ kind: 'secret', partId: announced.part, secret: announced.secret })
    expect(hello.role).toBe('owner')
    expect((await client.status()).resources.length).toBeGreaterThan(0)
    client.stopHeartbeat()
  }, 60_000)
})
