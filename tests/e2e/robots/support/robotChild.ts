import { parseAgentConfig } from '../../../../src/agent/agentConfig'
import { createLanTransports } from '../../../../src/agent/createLanTransports'
import { startAgent, type RunningAgent } from '../../../../src/agent/startAgent'
import type { ChildReply, ChildRequest } from './robotChildMessages'

// One end-to-end test robot in a process of its own, driven over the IPC channel by robotProcess.ts.
// Why a process: @roamhq/wrtc (0.10.0, the newest) now and then dies of SIGSEGV while peer
// connections close (WonderInventions/node-webrtc#35). In the Playwright worker that crash took
// the whole test run with it; here it can only end this robot.

let running: RunningAgent | null = null

const reply = (message: ChildReply): void => {
  process.send?.(message)
}

async function handle(request: ChildRequest): Promise<void> {
  switch (request.op) {
    case 'start': {
      const config = parseAgentConfig(request.config, request.dataDir)
      const lan = createLanTransports(config)
      running = await startAgent(config, { transports: lan.transports })
      reply({ op: 'ready', port: lan.port() })
      return
    }
    case 'log': {
      running?.agent.logs.write(request.level, request.logger, request.message, request.fields)
      reply({ op: 'logged' })
      return
    }
    case 'stop': {
      await running?.stop()
      running = null
      reply({ op: 'stopped' })
      process.disconnect?.()
      return
    }
  }
}

process.on('message', (request: ChildRequest) => {
  handle(request).catch((error: unknown) => {
    reply({ op: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  })
})
// The test runner went away (or stopped us): nothing is left to serve.
process.on('disconnect', () => {
  void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(0))
})
