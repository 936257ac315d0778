import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the settings dialog (top bar, Ctrl+,): discovery interface and WebRTC networks. */
export class SettingsDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('settings-dialog')
  }

  get openButton(): Locator {
    return this.page.getByTestId('settings-open')
  }

  async openWithButton(): Promise<void> {
    await this.openButton.click()
    await expect(this.applyButton).toBeVisible()
  }

  async openWithKeyboard(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Comma')
    await expect(this.applyButton).toBeVisible()
  }

  get defaultNote(): Locator {
    return this.page.getByTestId('settings-default-note')
  }

  get discoveryStatus(): Locator {
    return this.page.getByTestId('settings-discovery-status')
  }

  discoveryOption(value: string): Locator {
    return this.root.locator(`[data-testid="settings-discovery-option"][data-value="${value}"]`)
  }

  get discoveryOther(): Locator {
    return this.page.getByTestId('settings-discovery-other')
  }

  get discoveryError(): Locator {
    return this.page.getByTestId('settings-discovery-error')
  }

  icePreset(value: 'loopback' | 'private' | 'custom' | 'all'): Locator {
    return this.page.getByTestId(`settings-ice-${value}`)
  }

  get iceInput(): Locator {
    return this.page.getByTestId('settings-ice-input')
  }

  get iceError(): Locator {
    return this.page.getByTestId('settings-ice-error')
  }

  get iceDescription(): Locator {
    return this.page.getByTestId('settings-ice-description')
  }

  get applyButton(): Locator {
    return this.page.getByTestId('settings-apply')
  }
}
