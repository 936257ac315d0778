import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from '../support/fleetServer'
import {
  makeTempDir,
  removeTempDir,
  startRobot,
  type RunningRobot,
  type TestRobot,
} from './support/testRobots'

// Fragments reach the robot: a fixture machine that uses a fragment with mods, its effective config
// shown in CONFIGURE with each resource's source, applied from the desktop over the LAN, and run by
// the agent. Browser mode in Chromium; the agent in this process on loopback (mDNS, real WebRTC).
const MACHINES = 12
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
let robot: RunningRobot | null = null

/** What the robot runs before the apply: one motor, none of the fragment's resources. */
const BEFORE = {
  components: [
    { name: 'left-motor', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 120 } },
  ],
}

interface ModdedMachine {
  robot: TestRobot
  fragmentName: string
  /** The `$set` of the mods: the resource, the attribute and its value. */
  set: { resource: string; attribute: string; value: unknown }
  /** The `$unset`: the resource and the attribute removed from it. */
  unset: { resource: string; attribute: string }
}

/** The first fixture machine whose config lists fragments with `fragment_mods` (a `$set` and an `$unset`). */
function moddedMachine(): ModdedMachine {
  const { fleet } = fixtureFleet(MACHINES)
  for (const part of fleet.parts.filter((p) => p.isMain)) {
    const newest = fleet.revisions
      .filter((r) => r.partId === part.id)
      .reduce<(typeof fleet.revisions)[number] | undefined>(
        (a, r) => (!a || r.revision > a.revision ? r : a),
        undefined,
      )
    const config = newest?.config as { fragments?: unknown[]; fragment_mods?: ModsEntry[] } | undefined
    const entry = config?.fragment_mods?.[0]
    if (!config?.fragments?.length || !entry) continue
    const machine = fleet.machines.find((m) => m.id === part.machineId)
    const fragment = fleet.fragments.find((f) => f.id === entry.fragment_id)
    const [setPath, value] = Object.entries(entry.mods.find((m) => m.$set)?.$set ?? {})[0] ?? []
    const [unsetPath] = Object.keys(entry.mods.find((m) => m.$unset)?.$unset ?? {})
    if (!machine || !fragment || !setPath || !unsetPath) continue
    const [, setResource = '', , setAttribute = ''] = setPath.split('.')
    const [, unsetResource = '', , unsetAttribute = ''] = unsetPath.split('.')
    return {
      robot: {
        partId: part.id,
        machineId: machine.id,
        machineName: machine.name,
        secret: `fragment-secret-${process.pid}-0123456789`,
        machineConfig: BEFORE,
      },
      fragmentName: fragment.name,
      set: { resource: setResource, attribute: setAttribute, value },
      unset: { resource: unsetResource, attribute: unsetAttribute },
    }
  }
  throw new Error('the fixture has no machine with fragment_mods')
}

interface ModsEntry {
  fragment_id: string
  mods: Array<{ $set?: Record<string, unknown>; $unset?: Record<string, unknown> }>
}

interface StoredComponent {
  name: string
  attributes?: Record<string, unknown>
}

/** What the agent keeps as the config it runs (its data folder's machine-config.json). */
function robotRunning(partId: string): { revision: number; components: StoredComponent[] } | null {
  try {
    const stored = JSON.parse(readFileSync(join(robotDir, partId, 'machine-config.json'), 'utf8')) as {
      revision: number
      config: { components?: StoredComponent[] }
    }
    return { revision: stored.revision, components: stored.config.components ?? [] }
  } catch {
    return null
  }
}

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => {
  removeDir(dataDir)
})
test.beforeEach(() => {
  robotDir = makeTempDir('fragment-robots')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await robot?.stop()
  robot = null
  removeTempDir(robotDir)
})

test('the effective config of a machine with a modded fragment is shown with each source, applied over the LAN, and run by the robot', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const modded = moddedMachine()
  const { partId } = modded.robot
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  robot = await startRobot(modded.robot, { dataDir: robotDir })

  // Connect from Nearby with the part secret; the robot runs its own config, not the fragment's.
  const row = ui.nearbyRow(partId)
  await expect(row).toContainText('known')
  await ui.openConnect(partId)
  await ui.submitSecret(modded.robot.secret)
  await expect(ui.dialog).toBeHidden()
  await row.getByTestId('nearby-open').click()
  await expect(page.getByTestId('machine-page')).toHaveAttribute(
    'data-machine-id',
    modded.robot.machineId ?? '',
  )
  await ui.expectLive()
  await expect(ui.panel('motor', 'left-motor')).toHaveCount(1)
  await expect(ui.panel('camera', modded.set.resource)).toHaveCount(0)

  // CONFIGURE: the effective view lists the fragment's resources with the fragment as their source.
  await page.getByRole('tab', { name: 'CONFIGURE' }).click()
  // The editor's code is loaded on first use: slow on a loaded machine, so waited for with room.
  await expect(page.getByTestId('config-editor')).toBeVisible({ timeout: 60_000 })
  await page.getByTestId('config-shown').getByText('Effective (with fragments)').click()
  await expect(page.getByTestId('effective-config')).toBeVisible()
  await expect(page.getByTestId('config-editor')).toBeHidden()
  await expect(page.getByTestId('effective-fragments')).toContainText(modded.fragmentName)
  const setRow = page.locator(`[data-testid="effective-resource"][data-name="${modded.set.resource}"]`)
  await expect(setRow).toHaveAttribute('data-source', 'fragment')
  await expect(setRow).toContainText(modded.fragmentName)
  await expect(setRow).toContainText('modified by fragment_mods')
  await expect(setRow).toContainText(
    `$set attributes.${modded.set.attribute} = ${JSON.stringify(modded.set.value)}`,
  )
  const unsetRow = page.locator(`[data-testid="effective-resource"][data-name="${modded.unset.resource}"]`)
  await expect(unsetRow).toContainText(`$unset attributes.${modded.unset.attribute}`)
  await expect(
    page.locator('[data-testid="effective-resource"][data-source="machine"]').first(),
  ).toContainText('this machine')
  // The read-only text is the config with the mod applied.
  // CodeMirror draws only the lines in view, and the fragment's entries come last: scroll to them.
  const effectiveText = page.getByTestId('effective-editor')
  await effectiveText.locator('.cm-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(effectiveText).toContainText(`"${modded.set.attribute}": ${JSON.stringify(modded.set.value)}`)
  await expect(page.getByTestId('effective-errors')).toHaveCount(0)

  const shots = process.env.FLEETDESK_SHOTS
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await page.screenshot({ path: join(shots, `effective-${w}x${h}.png`) })
    }
  }

  // Apply to robot: the agent gets the effective config and builds the fragment's resources.
  await page.getByTestId('config-apply').click()
  await expect(page.getByTestId('config-apply-result')).toContainText('The robot runs revision')
  await expect(page.getByTestId('config-apply-result')).toContainText(modded.set.resource)
  const running = robotRunning(partId)
  expect(running?.revision).toBeGreaterThan(0)
  const byName = new Map((running?.components ?? []).map((c) => [c.name, c]))
  expect(byName.get(modded.set.resource)?.attributes?.[modded.set.attribute]).toEqual(modded.set.value)
  expect(byName.has(modded.unset.resource)).toBe(true)
  expect(Object.keys(byName.get(modded.unset.resource)?.attributes ?? {})).not.toContain(
    modded.unset.attribute,
  )

  // CONTROL lists the fragment's components as the robot now reports them.
  await page.getByRole('tab', { name: 'CONTROL' }).click()
  await expect(ui.panel('camera', modded.set.resource)).toHaveCount(1)
  await expect(ui.panel('generic', modded.unset.resource)).toHaveCount(1)
  await expect(ui.panel('motor', 'left-motor')).toHaveCount(0)
  app.assertNoPageErrors()
})
