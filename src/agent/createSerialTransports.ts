import { PROTOCOL_VERSION } from '../shared/robot/protocol'
import type { AgentConfig } from './agentConfig'
import { createSerialTransport, type SerialTransport } from './transports/serialTransport'
import { AGENT_VERSION } from './version'

/** The line the agent prints on a serial port when it opens it, before any frame. */
export function serialBanner(config: Pick<AgentConfig, 'machineName' | 'partId'>, path: string): string {
  return (
    `Fleetdesk agent ${AGENT_VERSION}: machine "${config.machineName}", part ${config.partId}, on ${path}. ` +
    `Robot protocol ${PROTOCOL_VERSION} in COBS frames follows (docs/serial-protocol.md).\r\n`
  )
}

/** One serial transport per port in the agent config, each reopening its port when it comes back. */
export function createSerialTransports(
  config: AgentConfig,
  log?: (level: 'info' | 'warn', message: string) => void,
): SerialTransport[] {
  return config.serial.map(({ path, baudRate }) =>
    createSerialTransport({ path, baudRate, banner: serialBanner(config, path), ...(log ? { log } : {}) }),
  )
}
