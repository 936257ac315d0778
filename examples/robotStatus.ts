// Talk to a robot from a program, with no cloud: a WebRTC session to its agent on the LAN,
// authenticated with the part secret, then the robot protocol (docs/robot-protocol.md).
// Run from a Fleetdesk checkout:
//   npx tsx examples/robotStatus.ts --address 192.168.1.40:7420 --part PART_ID --secret PART_SECRET
// The address is the one Nearby shows; `--networks` says which networks WebRTC may use
// (loopback, private, a CIDR, or all: see candidateFilter.ts), as the app's network settings do.
import { parseArgs } from 'node:util'
import { connectWebRtc } from '../src/main/robots/webrtc/connectWebRtc'
import { parseAllowedNetworks } from '../src/net/webrtc/candidateFilter'
import { RobotClient } from '../src/shared/robot/RobotClient'
import { errorMessage } from '../src/shared/errors/errorMessage'

const { values } = parseArgs({
  options: {
    address: { type: 'string' },
    part: { type: 'string' },
    secret: { type: 'string' },
    networks: { type: 'string', default: 'private' },
  },
})
if (!values.address || !values.part || !values.secret) {
  console.error(
    'usage: robotStatus --address HOST:PORT --part PART_ID --secret PART_SECRET [--networks private]',
  )
  process.exit(2)
}

async function main(address: string, partId: string, secret: string, networks: string): Promise<void> {
  const channel = await connectWebRtc({
    signalUrl: `http://${address}/signal`,
    candidateFilter: parseAllowedNetworks(networks),
    timeoutMs: 10_000,
  })
  const robot = new RobotClient(channel)
  try {
    const hello = await robot.hello({ kind: 'secret', partId, secret })
    const status = await robot.status()
    console.log(`${hello.machineName}: agent ${hello.agentVersion}, config revision ${status.configRevision}`)
    for (const resource of status.resources)
      console.log(`  ${resource.name} (${resource.api}): ${resource.state}`)
  } finally {
    robot.close()
  }
}

main(values.address, values.part, values.secret, values.networks ?? 'private').catch((err: unknown) => {
  console.error(`robotStatus: ${errorMessage(err)}`)
  process.exit(1)
})
