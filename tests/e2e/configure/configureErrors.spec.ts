import { expect, test, type Page } from '@playwright/test'
import { FleetApp, type MachinePage } from '../pages/FleetApp'
import { expectFullyShown, placement, VIEWPORTS } from '../support/measure'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from '../support/fleetServer'

// CONFIGURE's problems, as a newcomer meets them: a JSON typo, schema errors, a name used twice.
// Each must be listed in full (scrolling when there are many) at a laptop's and a small panel's
// size, with one marker in the editor per problem, and a click on one puts the cursor there.
const MACHINES = 12
const fleet = fixtureFleet(MACHINES)
let dataDir: string
let server: FleetServer

test.beforeAll(async () => {
  dataDir = makeFixtureDir(MACHINES)
  server = await startFleetServer(dataDir)
})
test.afterAll(async () => {
  await server.stop()
  removeDir(dataDir)
})

/** A long config (40 components, ~400 lines): the editor's content is far taller than the window. */
function longConfig(
  broken: (c: Record<string, unknown>, i: number) => Record<string, unknown> = (c) => c,
): string {
  const components = Array.from({ length: 40 }, (_, i) =>
    broken(
      {
        name: `motor-${i}`,
        api: 'rdk:component:motor',
        model: 'fake',
        attributes: { max_rpm: 100 + i, pins: { a: String(i), b: String(i + 1) } },
      },
      i,
    ),
  )
  return JSON.stringify({ components }, null, 2)
}

async function openConfigure(page: Page, index: number): Promise<{ app: FleetApp; machine: MachinePage }> {
  const app = new FleetApp(page)
  await app.open(server.url)
  const machine = await app.openMachine(fleet.fleet.machines[index]!.name)
  await machine.tab('CONFIGURE').click()
  // Generous: the config loads through the core, and the editor's code on first use, on a busy machine.
  await expect(machine.editor).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('config-revert')).toBeVisible()
  return { app, machine }
}

/**
 * The lines that carry an error marker in the editor's lint gutter, over the whole document: the
 * editor draws only what is in view, so this scrolls through it and collects as it goes.
 */
async function markedLines(page: Page): Promise<number[]> {
  return page
    .getByTestId('config-editor')
    .locator('.cm-scroller')
    .evaluate(async (scroller) => {
      const frames = (n: number): Promise<void> =>
        new Promise((resolve) => {
          const step = (left: number): void => {
            if (left === 0) resolve()
            else requestAnimationFrame(() => step(left - 1))
          }
          step(n)
        })
      const lines = new Set<number>()
      const collect = (): void => {
        const numbers = [...scroller.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
        for (const mark of scroller.querySelectorAll('.cm-gutter-lint .cm-gutterElement')) {
          if (!mark.querySelector('.cm-lint-marker-error')) continue
          const top = mark.getBoundingClientRect().top
          const n = numbers.find((g) => Math.abs(g.getBoundingClientRect().top - top) < 2)
          if (n?.textContent) lines.add(Number(n.textContent.trim()))
        }
      }
      scroller.scrollTop = 0
      await frames(3)
      collect()
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += Math.max(40, scroller.clientHeight * 0.7)
        await frames(3)
        collect()
      }
      return [...lines].sort((a, b) => a - b)
    })
}

/** The line the cursor is on, as the editor's active-line gutter shows it. */
async function cursorLine(page: Page): Promise<number> {
  const text = await page.getByTestId('config-editor').locator('.cm-activeLineGutter').first().innerText()
  return Number(text.trim())
}

const lineOf = (text: string, needle: string, nth = 0): number => {
  let at = -1
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1)
  return text.slice(0, at).split('\n').length
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport })

    test('a JSON typo shows its line, column and reason in full, as one marker, and a click goes there', async ({
      page,
    }) => {
      const { app, machine } = await openConfigure(page, 3)
      // A colon missing after "name" in the fourth component: the parse stops there, and the rest
      // of the document must not be checked (and marked) as if it were what the user meant.
      const good = longConfig()
      const typo = good.replace('"name": "motor-3"', '"name" "motor-3"')
      await machine.replaceConfig(typo)
      const errors = page.getByTestId('config-errors')
      await expect(errors).toContainText(/Line \d+, column \d+/)
      // One typo, one marker: not more from schema checks of the half-read rest.
      expect(await markedLines(page)).toEqual([lineOf(typo, '"name" "motor-3"')])
      const where = errors.getByText(/Line \d+, column \d+/)
      await expectFullyShown(where, 'the line and column of the typo')
      await expectFullyShown(errors.getByText(/Expected ':' after property name/), 'the reason of the typo')
      await expectFullyShown(errors, 'the problems panel')
      await page.screenshot({ path: `/tmp/uiconfig-typo-${viewport.width}.png` })

      // The editor keeps a usable height beside the panel.
      expect((await placement(page.getByTestId('config-editor'))).height).toBeGreaterThan(120)

      // Clicking the problem puts the cursor on the typo's line.
      await page.keyboard.press('ControlOrMeta+End')
      await errors.locator('li').first().locator('button, [role=button]').first().click()
      await expect.poll(() => cursorLine(page)).toBe(lineOf(typo, '"name" "motor-3"'))
      app.assertNoPageErrors()
    })

    test('schema problems are all listed, scroll when many, one marker each, and each jumps to its field', async ({
      page,
    }) => {
      const { app, machine } = await openConfigure(page, 4)
      // Twelve components without "api", and one with a model that is a number.
      const text = longConfig((c, i) => {
        if (i < 12) {
          const { api: _api, ...rest } = c
          return rest
        }
        return i === 30 ? { ...c, model: 7 } : c
      })
      await machine.replaceConfig(text)
      const errors = page.getByTestId('config-errors')
      await expect(errors).toContainText('13 problems to fix before saving')
      const items = errors.locator('li')
      await expect(items).toHaveCount(13)
      // One marker per problem, at the place the list names.
      const expected = [
        ...Array.from({ length: 12 }, (_, i) => lineOf(text, `"name": "motor-${i}"`) - 1),
        lineOf(text, '"model": 7'),
      ]
      expect(await markedLines(page)).toEqual(expected)
      await expectFullyShown(errors, 'the problems panel')
      await expectFullyShown(items.first(), 'the first problem')
      await page.screenshot({ path: `/tmp/uiconfig-schema-${viewport.width}.png` })

      // Many problems: the list scrolls inside the panel, and the last one can be brought into view whole.
      const list = page.getByTestId('config-problem-list')
      const scroll = await list.evaluate((el) => ({
        overflowY: getComputedStyle(el).overflowY,
        scrollHeight: el.scrollHeight,
        clientHeight: el.clientHeight,
      }))
      expect(scroll.overflowY).toBe('auto')
      expect(scroll.scrollHeight).toBeGreaterThan(scroll.clientHeight)
      await items.last().scrollIntoViewIfNeeded()
      await expectFullyShown(items.last(), 'the last problem, scrolled to')
      await expect(items.last()).toContainText('$.components[30].model')
      expect((await placement(page.getByTestId('config-editor'))).height).toBeGreaterThan(100)

      await items.last().locator('button').click()
      await expect.poll(() => cursorLine(page)).toBe(lineOf(text, '"model": 7'))
      await items.nth(5).scrollIntoViewIfNeeded()
      await items.nth(5).locator('button').click()
      await expect.poll(() => cursorLine(page)).toBe(lineOf(text, '"name": "motor-5"') - 1)
      app.assertNoPageErrors()
    })

    test('a name defined twice is listed and marked at both places', async ({ page }) => {
      const { app, machine } = await openConfigure(page, 5)
      const text = longConfig((c, i) => (i === 25 ? { ...c, name: 'motor-2' } : c))
      await machine.replaceConfig(text)
      const errors = page.getByTestId('config-errors')
      await expect(errors).toContainText('2 problems to fix before saving')
      await expect(errors).toContainText('$.components[2].name')
      await expect(errors).toContainText('$.components[25].name')
      const first = lineOf(text, '"name": "motor-2"', 0)
      const second = lineOf(text, '"name": "motor-2"', 1)
      expect(await markedLines(page)).toEqual([first, second])
      await expectFullyShown(errors, 'the problems panel')
      // Each marker sits on its own "name" line: go to each and find a marker in the gutter beside it.
      for (const [i, line] of [first, second].entries()) {
        await errors.locator('li').nth(i).locator('button').click()
        await expect.poll(() => cursorLine(page)).toBe(line)
        // The lint gutter's element on the cursor's line holds an error marker.
        await expect(
          page
            .getByTestId('config-editor')
            .locator('.cm-gutter-lint .cm-activeLineGutter .cm-lint-marker-error'),
          `a marker beside line ${line}`,
        ).toHaveCount(1)
      }
      await page.screenshot({ path: `/tmp/uiconfig-duplicate-${viewport.width}.png` })
      app.assertNoPageErrors()
    })
  })
}
