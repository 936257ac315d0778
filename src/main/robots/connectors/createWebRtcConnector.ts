import type { AllowedNetworks } from '../../../net/webrtc/candidateFilter'
import { SIGNAL_PATH } from '../../../net/webrtc/signalProtocol'
import type { IceServer } from '../../../net/webrtc/WrtcPeer'
import { connectWebRtc } from '../webrtc/connectWebRtc'
import type { RobotConnector } from './RobotConnector'
import { describeTarget, type LanTarget } from './RobotTarget'

export interface WebRtcConnectorOptions {
  /** Read at each connection, so a changed setting applies to the next (re)connect. */
  candidateFilter: () => AllowedNetworks
  iceServers?: readonly IceServer[]
}

/** LAN robots: WebRTC, the offer sent straight to the agent's signaling endpoint. */
export function createWebRtcConnector(options: WebRtcConnectorOptions): RobotConnector<LanTarget> {
  return {
    connect: (target, { timeoutMs }) =>
      connectWebRtc({
        signalUrl: `http://${describeTarget(target).address}${SIGNAL_PATH}`,
        candidateFilter: options.candidateFilter(),
        timeoutMs,
        ...(options.iceServers ? { iceServers: options.iceServers } : {}),
      }),
  }
}
