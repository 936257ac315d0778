import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listResources, validateMachineConfig } from '../../src/shared/config/machineConfigSchema'
import { expectAcceptedUnchanged } from '../shared/config/expectAcceptedUnchanged'
import { sharedPath } from './sharedFolder'

// The configs viam-server users and Viam's own repositories publish, kept in the team's shared
// folder (not in this project). The schema must accept every one of them and keep every key, known
// or not. The project's own fixtures of these shapes are tests/shared/config/fixtures/.
const configDir = sharedPath('viam-configs')

function publishedConfigFiles(): string[] {
  const files = readdirSync(configDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
  if (files.length === 0) throw new Error(`Published configs folder ${configDir} holds no .json files`)
  return files
}

const files = publishedConfigFiles()
const read = (file: string): unknown => JSON.parse(readFileSync(resolve(configDir, file), 'utf8'))

describe('published viam-server configs', () => {
  it('finds the published configs', () => {
    expect(files.length).toBeGreaterThanOrEqual(13)
  })

  it.each(files)('accepts %s and keeps every key', (file) => {
    expectAcceptedUnchanged(read(file))
  })

  it('lists resources of both API forms with a normalized API', () => {
    const mixed = validateMachineConfig(read('06-rdk-remotes-frame-geometry-mixed-api-form.json'))
    if (!mixed.ok) throw new Error('06 should validate')
    expect(listResources(mixed.config).map((r) => [r.name, r.api])).toEqual([
      ['pieceArm', 'rdk:component:arm'],
      ['pieceGripper', 'rdk:component:gripper'],
      ['wristCam', 'rdk:component:camera'],
    ])
    const withServices = validateMachineConfig(read('04-rdk-component-service-configs-data-capture.json'))
    if (!withServices.ok) throw new Error('04 should validate')
    expect(listResources(withServices.config).map((r) => [r.kind, r.name, r.api, r.path])).toEqual([
      ['component', 'camera1', 'rdk:component:camera', '$.components[0]'],
      ['service', 'slam1', 'rdk:service:slam', '$.services[0]'],
      ['service', 'data', 'rdk:service:data_manager', '$.services[1]'],
    ])
  })
})
