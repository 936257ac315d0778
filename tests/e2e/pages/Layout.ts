import type { Locator, Page } from '@playwright/test'

// Measurements of what the page really shows, not of what it looks like in a screenshot: text cut
// by its box (scrollWidth wider than clientWidth) and boxes that reach outside the window.

/** The text of each element matched that its own box cuts off, with its widths, e.g. "rover-01 96/119". */
export async function clippedTexts(scope: Page | Locator, selector: string): Promise<string[]> {
  const root = 'locator' in scope && 'goto' in scope ? scope.locator('body') : scope
  return root
    .locator(selector)
    .evaluateAll((els) =>
      els
        .filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth)
        .map((e) => `${(e.textContent ?? '').trim()} ${e.clientWidth}/${e.scrollWidth}`),
    )
}

/** Each visible element matched whose box is not wholly inside the window, described. */
export async function outsideWindow(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const out: string[] = []
    for (const e of els) {
      const r = e.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      const style = getComputedStyle(e)
      if (style.visibility === 'hidden' || style.display === 'none') continue
      if (
        r.left < 0 ||
        r.top < 0 ||
        r.right > window.innerWidth + 0.5 ||
        r.bottom > window.innerHeight + 0.5
      ) {
        const label = (e.getAttribute('aria-label') ?? e.textContent ?? e.tagName).trim().slice(0, 40)
        out.push(
          `${label} [${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)}]`,
        )
      }
    }
    return out
  })
}

/** Scrolls a virtualized list from top to bottom, collecting what `measure` reports at each step. */
export async function acrossScroll(list: Locator, measure: () => Promise<string[]>): Promise<string[]> {
  const found = new Set<string>()
  await list.evaluate((el) => (el.scrollTop = 0))
  for (let step = 0; step < 500; step++) {
    for (const item of await measure()) found.add(item)
    const moved = await list.evaluate((el) => {
      const before = el.scrollTop
      el.scrollTop += el.clientHeight * 0.8
      return el.scrollTop !== before
    })
    if (!moved) break
    // The virtualizer draws the new rows on the next frame.
    await list.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    )
  }
  return [...found]
}
