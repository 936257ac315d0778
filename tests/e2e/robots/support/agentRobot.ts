import { startRobotProcess, type RobotProcessHandle } from './robotProcess'
import { robotAgentConfig, type RunningRobot, type TestRobot } from './testRobots'

// A test robot (loopback mDNS and WebRTC, in a process of its own, as testRobots' startRobot) that
// also lets the test write a log line of its choosing into the robot's real log.

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

export interface AgentRobot extends RunningRobot {
  writeLog: RobotProcessHandle['writeLog']
}

export function startAgentRobot(robot: TestRobot, options: { dataDir: string }): Promise<AgentRobot> {
  return startRobotProcess(robotAgentConfig(robot, options), options.dataDir)
}
