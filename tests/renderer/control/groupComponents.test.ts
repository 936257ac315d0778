import { describe, expect, it } from 'vitest'
import type { ComponentSummary } from '../../../src/shared/api/views'
import type { PartId } from '../../../src/shared/ids'
import { apiSubtype, groupComponents } from '../../../src/renderer/src/control/groupComponents'

const c = (name: string, api: string, kind: ComponentSummary['kind'] = 'component'): ComponentSummary => ({
  partId: 'p1' as PartId,
  partName: 'main',
  name,
  api,
  model: 'fake',
  kind,
})

describe('groupComponents', () => {
  it('groups by subtype, components before services, names in natural order', () => {
    const groups = groupComponents([
      c('motor-10', 'rdk:component:motor'),
      c('nav', 'rdk:service:navigation', 'service'),
      c('board', 'rdk:component:board'),
      c('motor-2', 'rdk:component:motor'),
    ])
    expect(groups.map((g) => `${g.kind}:${g.type}:${g.items.map((i) => i.name).join(',')}`)).toEqual([
      'component:board:board',
      'component:motor:motor-2,motor-10',
      'service:navigation:nav',
    ])
  })

  it('keeps an API it cannot split whole', () => {
    expect(apiSubtype('rdk:component:camera')).toBe('camera')
    expect(apiSubtype('motor')).toBe('motor')
    expect(groupComponents([])).toEqual([])
  })
})
