import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the app shell: the fleet tree, the top bar and navigation. */
export class FleetApp {
  readonly errors: string[] = []

  constructor(readonly page: Page) {
    // Any uncaught error in the page fails the test that owns this object (see assertNoPageErrors).
    page.on('pageerror', (err) => this.errors.push(err.message))
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.waitForTree()
  }

  async waitForTree(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.fleetReady === '1')
  }

  get search(): Locator {
    return this.page.getByTestId('tree-search')
  }

  treeRow(kind: 'org' | 'location' | 'machine' | 'part', name: string): Locator {
    return this.page.locator(`[data-testid="tree-row"][data-kind="${kind}"]`, { hasText: name })
  }

  get pendingCount(): Locator {
    return this.page.getByTestId('pending-count')
  }

  async findMachine(name: string): Promise<void> {
    await this.search.fill(name)
    await expect(this.treeRow('machine', name)).toBeVisible()
  }

  async openMachine(name: string): Promise<MachinePage> {
    await this.findMachine(name)
    await this.treeRow('machine', name).first().click()
    const machine = new MachinePage(this.page)
    await expect(machine.root).toBeVisible()
    return machine
  }

  assertNoPageErrors(): void {
    expect(this.errors, 'uncaught errors in the page').toEqual([])
  }
}

/** Page object for one machine's page and its tabs. */
export class MachinePage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('machine-page')
  }

  tab(name: 'CONTROL' | 'CONFIGURE' | 'LOGS' | 'HISTORY' | 'CONNECT'): Locator {
    return this.root.getByRole('tab', { name })
  }

  async tabNames(): Promise<string[]> {
    return (await this.root.getByRole('tab').allInnerTexts()).map((t) => t.trim().toUpperCase())
  }

  get editor(): Locator {
    return this.page.getByTestId('config-editor').locator('.cm-content')
  }

  get pendingMarker(): Locator {
    return this.page.getByTestId('pending-marker')
  }

  async editorText(): Promise<string> {
    return this.editor.evaluate((el) => {
      // CodeMirror renders only the lines in view, so the whole document comes from the editor's
      // state, found the way EditorView.findFromDOM finds it (the content element's tile); the
      // rendered lines are the fallback should that internal ever move.
      type Tiled = { cmTile?: { root?: { view?: { state: { doc: { toString(): string } } } } } }
      const view = (el as unknown as Tiled).cmTile?.root?.view
      if (view) return view.state.doc.toString()
      return [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n')
    })
  }

  /** Replaces the whole document, as a paste would (no bracket auto-closing). */
  async replaceConfig(text: string): Promise<void> {
    await this.editor.click()
    await this.page.keyboard.press('ControlOrMeta+a')
    await this.page.keyboard.press('Delete')
    await this.page.keyboard.insertText(text)
  }

  async save(): Promise<void> {
    await this.page.getByTestId('config-save').click()
  }
}
