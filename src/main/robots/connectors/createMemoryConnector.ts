import { createChannelPair, type SessionSink } from '../../../shared/robot/MessageChannel'
import type { RobotConnector } from './RobotConnector'
import type { MemoryTarget } from './RobotTarget'

export interface MemoryConnector extends RobotConnector<MemoryTarget> {
  /**
   * Makes a robot reachable under `name`: each connection hands the far end of a new channel pair
   * to `sink` (an Agent). Returns the function that makes it unreachable again (its open channels
   * stay open: close them to cut the link).
   */
  serve(name: string, sink: SessionSink): () => void
}

/** Robots in this process, over `createChannelPair`: the whole session with no network. */
export function createMemoryConnector(): MemoryConnector {
  const robots = new Map<string, SessionSink>()
  return {
    serve(name, sink) {
      robots.set(name, sink)
      return () => {
        if (robots.get(name) === sink) robots.delete(name)
      }
    },
    connect: async (target) => {
      const sink = robots.get(target.name)
      if (!sink) throw new Error(`no robot "${target.name}" is reachable in memory`)
      const [desktop, robot] = createChannelPair()
      sink.attachSession(robot)
      return desktop
    },
  }
}
