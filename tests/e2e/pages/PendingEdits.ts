import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the pending-edits count in the top bar, its list and the dialogs it opens. */
export class PendingEdits {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByRole('button', { name: /not yet synced/ })
  }

  get dropdown(): Locator {
    return this.page.locator('.mantine-Popover-dropdown').filter({ hasText: 'Saved locally, not yet synced' })
  }

  get count(): Locator {
    return this.page.getByTestId('pending-count')
  }

  /** One per edit waiting; `.fd-outbox-item` is what the list has always used for an entry. */
  get items(): Locator {
    return this.dropdown.locator('.fd-outbox-item')
  }

  /** Opens the list and waits for it to be read (the count and the list arrive together). */
  async open(): Promise<void> {
    if (!(await this.dropdown.isVisible())) await this.button.click()
    await expect(this.dropdown).toBeVisible()
    await expect(this.dropdown.locator('.mantine-Loader-root')).toHaveCount(0)
  }

  async close(): Promise<void> {
    if (await this.dropdown.isVisible()) await this.button.click()
    await expect(this.dropdown).toBeHidden()
  }

  async shownCount(): Promise<number> {
    return Number((await this.count.innerText()).trim())
  }
}
