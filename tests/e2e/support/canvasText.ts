import type { Locator, Page } from '@playwright/test'

// What a canvas really shows, for plots whose labels are drawn rather than laid out in the DOM:
// an init script wraps fillText and clearRect, keeping per canvas the text drawn since it was last
// cleared whole (uPlot clears the whole canvas before each redraw), with the alignment it was
// drawn with. It observes the drawing, whatever library or code does it.

export interface DrawnText {
  text: string
  align: string
  baseline: string
}

/** Call before the page loads (before `goto`). */
export async function recordCanvasText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const drawn = new WeakMap<HTMLCanvasElement, DrawnText[]>()
    const proto = CanvasRenderingContext2D.prototype
    const clearRect = proto.clearRect
    const fillText = proto.fillText
    proto.clearRect = function (x: number, y: number, w: number, h: number): void {
      if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) drawn.set(this.canvas, [])
      clearRect.call(this, x, y, w, h)
    }
    proto.fillText = function (text: string, x: number, y: number, maxWidth?: number): void {
      const list = drawn.get(this.canvas) ?? []
      list.push({ text: String(text), align: this.textAlign, baseline: this.textBaseline })
      drawn.set(this.canvas, list)
      if (maxWidth === undefined) fillText.call(this, text, x, y)
      else fillText.call(this, text, x, y, maxWidth)
    }
    ;(window as unknown as { __canvasText: (c: HTMLCanvasElement) => DrawnText[] }).__canvasText = (c) =>
      drawn.get(c) ?? []
  })
}

/**
 * The tick labels of a uPlot's left y axis as last drawn: uPlot draws them right-aligned and
 * vertically centred (x-axis labels are centred, top-aligned).
 */
export async function leftAxisLabels(canvas: Locator): Promise<string[]> {
  return canvas.evaluate((c) =>
    (window as unknown as { __canvasText: (c: HTMLCanvasElement) => DrawnText[] })
      .__canvasText(c as HTMLCanvasElement)
      .filter((t) => t.align === 'right' && t.baseline === 'middle')
      .map((t) => t.text),
  )
}
