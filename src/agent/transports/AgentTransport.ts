import type { SessionSink } from '../../shared/robot/MessageChannel'

/**
 * A way for clients to reach the agent: WebRTC with LAN signaling and mDNS, serial, ... Each one is
 * created with its own settings (listen address, port, device), accepts connections its own way
 * and hands every session's channel to `sink.attachSession(channel)`; the robot protocol is the same
 * over all of them. It sees the agent only through that sink.
 */
export interface AgentTransport {
  /** Starts listening/advertising; accepted channels go to `sink`. */
  start(sink: SessionSink): Promise<void>
  /** Stops accepting sessions and releases ports; open sessions are closed by the agent. */
  stop(): Promise<void>
}
