import { CoreError } from '../../../shared/errors/CoreError'
import type { SerialProbeResult } from '../../../shared/api/serialViews'
import type { OpenSerialLink, SerialLink } from '../link/SerialLink'
import { probeSerialLink } from './probeSerialLink'

export interface ProbePortInput {
  path: string
  baudRate: number
  timeoutMs: number
  /** The open link on this path, if any, and whether the serial console (not a robot session) owns it. */
  held: { link: SerialLink; console: boolean } | null
  openLink: OpenSerialLink
  /** The cached machine with this part, when the identity may control it. */
  machineForPart: (partId: string) => { id: string; name: string } | null
  hasRememberedSecret: (partId: string) => Promise<boolean>
}

/**
 * Who is on a port: reuses the console's link (at its baud rate) or opens the port for the probe
 * alone and closes it after, so nothing is left held. A port a robot session holds is refused: a
 * second challenge there would end that session on the agent.
 */
export async function probePort(input: ProbePortInput): Promise<SerialProbeResult> {
  const { path, held } = input
  if (held && !held.console) {
    throw new CoreError(
      'failed-precondition',
      `A robot session holds ${path}: its robot is already connected. Disconnect it first to ask again.`,
    )
  }
  if (held && held.link.baudRate !== input.baudRate) {
    throw new CoreError(
      'failed-precondition',
      `${path} is open at ${held.link.baudRate} baud. Close the console first to change the baud rate.`,
    )
  }
  const link = held?.link ?? (await input.openLink({ path, baudRate: input.baudRate }))
  try {
    const probe = await probeSerialLink(link.channel, input.timeoutMs)
    if (probe.kind === 'silent') {
      return {
        kind: 'plain',
        message: `The device on ${path} answered no robot handshake (${probe.why}): it is a plain serial device; use the console.`,
      }
    }
    return {
      kind: 'robot',
      partId: probe.partId,
      protocolVersion: probe.protocolVersion,
      machine: input.machineForPart(probe.partId),
      secretRemembered: await input.hasRememberedSecret(probe.partId),
    }
  } finally {
    if (!held) await link.close('probe done').catch(() => undefined)
  }
}
