import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for robots: the Nearby list, the connect dialog, session state, and CONTROL's panels. */
export class RobotPanels {
  constructor(readonly page: Page) {}

  nearbyRow(partId: string): Locator {
    return this.page.locator(`[data-testid="nearby-row"][data-part-id="${partId}"]`)
  }

  get dialog(): Locator {
    return this.page.getByTestId('connect-dialog')
  }

  get connectError(): Locator {
    return this.page.getByTestId('connect-error')
  }

  get sessionState(): Locator {
    return this.page.getByTestId('session-state')
  }

  get stopAll(): Locator {
    return this.page.getByTestId('stop-all')
  }

  /** Opens the dialog from the Nearby list and waits for the form (after the remembered-secret try). */
  async openConnect(partId: string): Promise<void> {
    await this.nearbyRow(partId).getByTestId('connect-button').click()
    await expect(this.dialog).toBeVisible()
  }

  /**
   * Connects from the Nearby list with the part secret, or without asking when this desktop still
   * remembers it from an earlier session (then the dialog never shows its form), and waits until live.
   */
  async connect(partId: string, secret: string): Promise<void> {
    await this.nearbyRow(partId).getByTestId('connect-button').click()
    const field = this.page.getByTestId('connect-secret')
    const open = this.nearbyRow(partId).getByTestId('nearby-open')
    await expect(field.or(open)).toBeVisible()
    if (await field.isVisible()) {
      await field.fill(secret)
      await this.page.getByTestId('connect-submit').click()
    }
    await expect(open).toBeVisible()
  }

  async submitSecret(secret: string): Promise<void> {
    const field = this.page.getByTestId('connect-secret')
    await expect(field).toBeVisible()
    await field.fill(secret)
    await this.page.getByTestId('connect-submit').click()
  }

  async submitToken(token: string): Promise<void> {
    await this.dialog.getByText('Access token').click()
    await this.page.getByTestId('connect-token').fill(token)
    await this.page.getByTestId('connect-submit').click()
  }

  /** Waits for the session to be live, as the machine page's header says. */
  async expectLive(): Promise<void> {
    await expect(this.dialog).toBeHidden()
    await expect(this.sessionState).toHaveAttribute('data-state', 'live')
  }

  panel(type: string, name: string): Locator {
    return this.page.locator(`[data-testid="panel-${type}"][data-name="${name}"]`)
  }

  async setMotorPower(name: string, power: number): Promise<void> {
    const input = this.panel('motor', name).getByTestId('motor-power-input')
    await input.fill(String(power))
    await input.press('Enter')
  }

  /** The live position shown, in revolutions (NaN until a reading arrives). */
  async motorPosition(name: string): Promise<number> {
    return Number(await this.panel('motor', name).getByTestId('motor-position').innerText())
  }

  baseMoving(name: string): Locator {
    return this.panel('base', name).getByTestId('base-moving')
  }

  teleop(name: string): Locator {
    return this.panel('base', name).getByTestId('base-teleop')
  }
}
