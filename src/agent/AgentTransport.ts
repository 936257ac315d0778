import type { RunningAgent } from './startAgent'

/**
 * A way for clients to reach the agent: WebRTC with LAN signaling and mDNS, serial, ... Each one
 * accepts connections its own way and hands every session's channel to
 * `agent.attachSession(channel)`; the robot protocol is the same over all of them.
 */
export interface AgentTransport {
  /** Starts listening/advertising; `agent.config` has the listen address and mDNS settings. */
  start(agent: RunningAgent): Promise<void>
  /** Stops accepting sessions and releases ports; open sessions are closed by the agent. */
  stop(): Promise<void>
}
