import { expect, type Locator } from '@playwright/test'

/** The two window sizes the newcomer pass used: a laptop and a small factory-floor panel. */
export const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const

export interface Placement {
  top: number
  bottom: number
  height: number
  scrollHeight: number
  clientHeight: number
  viewportHeight: number
  /** The first ancestor that hides overflow and cuts this element, if any. */
  clippedBy: string | null
}

/** Where an element is and whether something cuts it: measured in the page, not by eye. */
export function placement(locator: Locator): Promise<Placement> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect()
    let clippedBy: string | null = null
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a)
      if (s.overflowY === 'visible' && s.overflowX === 'visible') continue
      const ar = a.getBoundingClientRect()
      if (r.top < ar.top - 0.5 || r.bottom > ar.bottom + 0.5) {
        clippedBy = `${a.tagName.toLowerCase()}.${String(a.className).split(' ').slice(0, 2).join('.')}`
        break
      }
    }
    return {
      top: r.top,
      bottom: r.bottom,
      height: r.height,
      scrollHeight: el.scrollHeight,
      clientHeight: el.clientHeight,
      viewportHeight: window.innerHeight,
      clippedBy,
    }
  })
}

/** Fails unless the element shows all it holds, inside the viewport, cut by no ancestor. */
export async function expectFullyShown(locator: Locator, what: string): Promise<Placement> {
  await expect(locator, what).toBeVisible()
  const p = await placement(locator)
  expect(p.height, `${what}: has a height`).toBeGreaterThan(0)
  expect(p.scrollHeight, `${what}: shows all it holds (scrollHeight ≤ clientHeight)`).toBeLessThanOrEqual(
    p.clientHeight + 1,
  )
  expect(p.clippedBy, `${what}: not cut by an ancestor`).toBeNull()
  expect(p.top, `${what}: top inside the viewport`).toBeGreaterThanOrEqual(0)
  expect(p.bottom, `${what}: bottom inside the viewport`).toBeLessThanOrEqual(p.viewportHeight)
  return p
}
