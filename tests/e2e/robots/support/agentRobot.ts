import { join } from 'node:path'
import { parseAgentConfig } from '../../../../src/agent/agentConfig'
import { startAgent, type RunningAgent } from '../../../../src/agent/startAgent'
import { createLanTransports } from '../../../../src/agent/createLanTransports'
import type { InProcessRobot, TestRobot } from './testRobots'

// An in-process robot (loopback mDNS and WebRTC, as testRobots' startRobot) that also hands the
// test its running agent, so a test can write a log line of its choosing into the robot's real log.

const HOST = '127.0.0.1'

const c = (
  name: string,
  subtype: string,
  attributes: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  api: `rdk:component:${subtype}`,
  model: 'fake',
  attributes,
})

/** A base over two motors, as viam-server configs write it: the motors are the base's wheels. */
export const WHEELED_ROBOT_CONFIG: Record<string, unknown> = {
  components: [
    c('left', 'motor', { max_rpm: 120 }),
    c('right', 'motor', { max_rpm: 120 }),
    c('base', 'base', {
      left: ['left'],
      right: ['right'],
      width_mm: 400,
      wheel_circumference_mm: 600,
      max_speed_mm_per_sec: 400,
    }),
  ],
}

/**
 * A motor and a movement sensor, and nothing that streams images: tests about readings and power
 * stay light on a loaded machine.
 */
export const MOTOR_AND_IMU_CONFIG: Record<string, unknown> = {
  components: [
    c('left-motor', 'motor', { max_rpm: 120 }),
    c('imu', 'movement_sensor', { latitude: 40.7, longitude: -74, speed_m_per_sec: 1.5 }),
  ],
}

export interface AgentRobot extends InProcessRobot {
  readonly running: RunningAgent
}

export async function startAgentRobot(robot: TestRobot, options: { dataDir: string }): Promise<AgentRobot> {
  const config = parseAgentConfig(
    {
      partId: robot.partId,
      secret: robot.secret,
      machineName: robot.machineName,
      listen: { host: HOST, port: 0 },
      mdns: { enabled: true, interface: HOST },
      iceNetworks: 'loopback',
      dataDir: join(options.dataDir, robot.partId),
      machineConfig: robot.machineConfig,
      log: { level: 'info' },
    },
    options.dataDir,
  )
  const lan = createLanTransports(config)
  const running = await startAgent(config, { transports: lan.transports })
  return { port: lan.port(), running, stop: () => running.stop() }
}
