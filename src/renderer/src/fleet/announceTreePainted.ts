let announced = false

/**
 * Tells the end-to-end tests and the launch-to-paint benchmark that the fleet tree has been drawn
 * once: sets `body[data-fleet-ready="1"]` and fires `fleetdesk:tree-painted` after the next paint
 * (two animation frames: the first runs before that paint, the second after it).
 */
export function announceTreePainted(): void {
  if (announced) return
  announced = true
  requestAnimationFrame(() => {
    requestAnimationFrame(() => {
      document.body.dataset.fleetReady = '1'
      window.dispatchEvent(new Event('fleetdesk:tree-painted'))
    })
  })
}
