import { PROTOCOL_VERSION } from '../shared/robot/protocol'
import { resolveMdnsOptions } from '../net/mdns/mdnsOptions'
import { parseAllowedNetworks } from '../net/webrtc/candidateFilter'
import { SIGNAL_PATH } from '../net/webrtc/signalProtocol'
import type { AgentConfig } from './agentConfig'
import type { AgentTransport } from './transports/AgentTransport'
import { createMdnsTransport } from './transports/mdnsTransport'
import { createWebRtcTransport } from './transports/webrtcTransport'

export interface LanTransports {
  /** In start order: the WebRTC endpoint first, so mDNS advertises a port that already answers. */
  transports: AgentTransport[]
  /** The signaling port once started (the listen port, or the one the OS chose for port 0). */
  port(): number
  signalUrl(): string
}

const LOOPBACK = /^(127\.|::1$|localhost$)/

/**
 * The agent's LAN presence: the WebRTC signaling endpoint on `listen`, and the mDNS advertisement
 * when enabled. ICE may use only the networks in `iceNetworks` (default: loopback for an agent
 * listening on loopback, every network otherwise); mDNS goes out on `mdns.interface` (default
 * loopback, see resolveMdnsOptions), never on every interface by accident.
 */
export function createLanTransports(config: AgentConfig): LanTransports {
  const identity = {
    partId: config.partId,
    machineName: config.machineName,
    protocolVersion: PROTOCOL_VERSION,
  }
  const iceNetworks = config.iceNetworks ?? (LOOPBACK.test(config.listen.host) ? 'loopback' : 'all')
  const webrtc = createWebRtcTransport({
    host: config.listen.host,
    port: config.listen.port,
    candidateFilter: parseAllowedNetworks(iceNetworks),
    health: () => identity,
  })
  const transports: AgentTransport[] = [webrtc]
  if (config.mdns.enabled) {
    transports.push(
      createMdnsTransport({
        mdns: resolveMdnsOptions(config.mdns.interface),
        port: () => webrtc.port,
        identity: () => identity,
      }),
    )
  }
  const host = config.listen.host === '0.0.0.0' ? '127.0.0.1' : config.listen.host
  return {
    transports,
    port: () => webrtc.port,
    signalUrl: () => `http://${host.includes(':') ? `[${host}]` : host}:${webrtc.port}${SIGNAL_PATH}`,
  }
}
