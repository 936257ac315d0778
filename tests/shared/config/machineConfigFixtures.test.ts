import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { listResources, validateMachineConfig } from '../../../src/shared/config/machineConfigSchema'
import { expectAcceptedUnchanged } from './expectAcceptedUnchanged'

// Machine configs of the shapes viam-server users write, written for this project (fixtures/): every
// fake component type, network and api-key auth, remotes with credentials, data capture, local and
// registry modules, packages and ML models, processes, frames with each orientation form, the older
// namespace + type form, depends_on chains, log levels, jobs, fragments, agent settings. The schema
// must accept each and hand it back unchanged: no key dropped, none added, no value changed.
const fixtures = new URL('./fixtures/', import.meta.url)
const files = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .sort()

const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'))

function accepted(file: string): ReturnType<typeof listResources> {
  const result = validateMachineConfig(read(file))
  if (!result.ok) throw new Error(`${file} was refused: ${JSON.stringify(result.errors)}`)
  return listResources(result.config)
}

describe('machine configs of the shapes viam-server users write', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBe(13)
  })

  it.each(files)('accepts %s and keeps every key', (file) => {
    expectAcceptedUnchanged(read(file))
  })

  it('lists every fake component type under its normalized API', () => {
    const apis = accepted('01-bench-every-fake-type.json').map((r) => r.api)
    expect(apis).toEqual([
      ...[
        'arm',
        'audio_in',
        'audio_out',
        'base',
        'board',
        'camera',
        'encoder',
        'gantry',
        'generic',
        'gripper',
        'input_controller',
        'motor',
        'movement_sensor',
        'pose_tracker',
        'power_sensor',
        'sensor',
        'servo',
        'button',
        'switch',
      ].map((t) => `rdk:component:${t}`),
      'rdk:service:motion',
      'rdk:service:navigation',
      'rdk:service:vision',
    ])
  })

  it('lists resources of every API form with a normalized API', () => {
    expect(accepted('06-mixed-api-forms.json').map((r) => [r.kind, r.name, r.api, r.path])).toEqual([
      ['component', 'welder', 'rdk:component:arm', '$.components[0]'],
      ['component', 'clamp', 'rdk:component:gripper', '$.components[1]'],
      ['component', 'seam_cam', 'rdk:component:camera', '$.components[2]'],
      ['component', 'fume_fan', 'acme:component:fan', '$.components[3]'],
      ['service', 'seam_finder', 'rdk:service:vision', '$.services[0]'],
    ])
    expect(accepted('08-depends-on-chains.json').find((r) => r.name === 'probe')?.api).toBe(
      'acme:component:widget',
    )
    expect(accepted('04-data-capture.json').map((r) => [r.kind, r.name, r.api])).toEqual([
      ['component', 'canopy_cam', 'rdk:component:camera'],
      ['component', 'soil', 'rdk:component:sensor'],
      ['service', 'mapper', 'rdk:service:slam'],
      ['service', 'capture', 'rdk:service:data_manager'],
    ])
  })
})
