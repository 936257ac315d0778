import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for a machine's LOGS tab: the list, its rows, a row opened in full. */
export class LogsView {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByTestId('logs-list')
  }

  get rows(): Locator {
    return this.page.getByTestId('log-row')
  }

  row(text: string): Locator {
    return this.page.locator('[data-testid="log-row"]', { hasText: text })
  }

  /** The opened part of a row: its whole message and structured fields. */
  detail(row: Locator): Locator {
    return row.getByTestId('log-row-detail')
  }

  /** The row's one-line part: what is clicked or focused to open the row. */
  line(row: Locator): Locator {
    return row.getByTestId('log-line')
  }

  time(row: Locator): Locator {
    return row.getByTestId('log-time')
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'LOGS' }).click()
    await expect(this.rows.first()).toBeVisible()
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('logs-search').fill(text)
  }

  /** Scrolls the list to its oldest line (which stops following the newest). */
  async scrollToOldest(): Promise<void> {
    await this.list.evaluate((el) => {
      el.scrollTop = 0
      el.dispatchEvent(new Event('scroll'))
    })
  }
}
