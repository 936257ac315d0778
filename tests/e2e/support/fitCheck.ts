import type { Page } from '@playwright/test'

/** One piece of text that a person cannot read in full where it stands. */
export interface CutText {
  /** The region it was found in (e.g. "top bar"). */
  region: string
  text: string
  why: 'ellipsis' | 'clipped by a box' | 'outside the window'
}

/**
 * Finds text in the given regions that is cut or runs out of sight, measured in the page: an
 * element whose text overflows its own box (ellipsis or hidden overflow), text clipped by an
 * ancestor that hides overflow, or text outside the viewport. Scrollable lists are fine as long as
 * each line fits across; a region that is itself off screen counts as outside the window.
 */
export async function findCutText(page: Page, regions: Record<string, string>): Promise<CutText[]> {
  return page.evaluate((regionSelectors) => {
    const found: {
      region: string
      text: string
      why: 'ellipsis' | 'clipped by a box' | 'outside the window'
    }[] = []
    const ownText = (el: Element): string =>
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim()
    const hides = (style: CSSStyleDeclaration): boolean =>
      ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY)
    const scrolls = (style: CSSStyleDeclaration): boolean =>
      ['auto', 'scroll'].includes(style.overflowY) || ['auto', 'scroll'].includes(style.overflowX)
    for (const [region, selector] of Object.entries(regionSelectors)) {
      for (const root of document.querySelectorAll(selector)) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          const text = ownText(el)
          if (!text || !(el instanceof HTMLElement)) continue
          const style = getComputedStyle(el)
          if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0)
            continue
          // Screen-reader-only text is laid out to be invisible on purpose.
          if (el.closest('[data-sr-only], .sr-only, [class*="visually-hidden"], [class*="VisuallyHidden"]'))
            continue
          const cutOwnBox =
            el.scrollWidth > el.clientWidth + 1 && (style.textOverflow === 'ellipsis' || hides(style))
          if (cutOwnBox) {
            found.push({ region, text, why: 'ellipsis' })
            continue
          }
          const rect = el.getBoundingClientRect()
          if (rect.right > window.innerWidth + 1 || rect.bottom > window.innerHeight + 1 || rect.left < -1) {
            // Text further down a scrollable list is reachable by scrolling: not cut.
            let scroller: HTMLElement | null = el.parentElement
            while (scroller && !scrolls(getComputedStyle(scroller))) scroller = scroller.parentElement
            if (!scroller || scroller === document.body || scroller === document.documentElement) {
              found.push({ region, text, why: 'outside the window' })
              continue
            }
          }
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const aStyle = getComputedStyle(a)
            if (scrolls(aStyle)) break
            if (!hides(aStyle)) continue
            const box = a.getBoundingClientRect()
            if (rect.right > box.right + 1 || rect.bottom > box.bottom + 1 || rect.left < box.left - 1) {
              found.push({ region, text, why: 'clipped by a box' })
              break
            }
          }
        }
      }
    }
    return found
  }, regions)
}
