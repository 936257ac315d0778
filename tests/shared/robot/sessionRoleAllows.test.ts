import { describe, expect, it } from 'vitest'
import { ROBOT_METHODS, TOPIC_ROLES, type RobotMethod, type Topic } from '../../../src/shared/robot/protocol'
import { sessionRoleAllows } from '../../../src/shared/robot/sessionRoleAllows'

describe('sessionRoleAllows', () => {
  it('lets an operator drive and read, and keeps config, restart and logs for owners', () => {
    expect(sessionRoleAllows('operator', { method: 'component.call' })).toBe(true)
    expect(sessionRoleAllows('operator', { method: 'machine.stopAll' })).toBe(true)
    expect(sessionRoleAllows('operator', { topic: 'readings' })).toBe(true)
    expect(sessionRoleAllows('operator', { method: 'config.apply' })).toBe(false)
    expect(sessionRoleAllows('operator', { method: 'machine.restart' })).toBe(false)
    expect(sessionRoleAllows('operator', { topic: 'logs' })).toBe(false)
    expect(sessionRoleAllows('owner', { topic: 'logs' })).toBe(true)
  })

  it('allows only hello and challenge before a role is granted', () => {
    for (const method of Object.keys(ROBOT_METHODS) as RobotMethod[]) {
      expect(sessionRoleAllows(null, { method })).toBe(ROBOT_METHODS[method].role === null)
    }
    for (const topic of Object.keys(TOPIC_ROLES) as Topic[])
      expect(sessionRoleAllows(null, { topic })).toBe(false)
  })

  it('an owner may do everything', () => {
    for (const method of Object.keys(ROBOT_METHODS) as RobotMethod[])
      expect(sessionRoleAllows('owner', { method })).toBe(true)
  })
})
