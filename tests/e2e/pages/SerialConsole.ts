import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the serial ports list (sidebar) and a port's console. */
export class SerialConsole {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('serial-console')
  }

  get lines(): Locator {
    return this.page.getByTestId('console-text')
  }

  get input(): Locator {
    return this.page.getByTestId('console-input')
  }

  /** Opens a port by path from the sidebar's "Open by path…" and waits for the console to be open. */
  async openByPath(path: string, baud?: number): Promise<void> {
    await this.page.getByTestId('serial-open-by-path').click()
    await this.page.getByTestId('serial-path-input').fill(path)
    if (baud !== undefined) await this.page.getByRole('dialog').getByLabel('Baud rate').fill(String(baud))
    await this.page.getByTestId('serial-path-open').click()
    await expect(this.root).toHaveAttribute('data-state', 'open')
  }

  line(text: string | RegExp): Locator {
    return this.lines.filter({ hasText: text })
  }

  async send(text: string): Promise<void> {
    await this.input.fill(text)
    await this.input.press('Enter')
    await expect(this.input).toHaveValue('')
  }

  async setView(mode: 'Text' | 'Hex'): Promise<void> {
    await this.page.getByTestId('console-view-mode').getByText(mode, { exact: true }).click()
  }
}
