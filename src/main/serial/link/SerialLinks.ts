import type { SerialLink } from './SerialLink'

/**
 * The serial links open in this process, by path, so the serial console can attach to the link a
 * robot session opened (and the ports list can say a port is in use here). A link leaves the
 * registry when it closes.
 */
export class SerialLinks {
  private readonly links = new Map<string, SerialLink>()
  private readonly openListeners = new Set<(link: SerialLink) => void>()

  get(path: string): SerialLink | undefined {
    return this.links.get(path)
  }

  all(): SerialLink[] {
    return [...this.links.values()]
  }

  /** Called with each link opened from now on; returns the unsubscribe. */
  onOpen(listener: (link: SerialLink) => void): () => void {
    this.openListeners.add(listener)
    return () => this.openListeners.delete(listener)
  }

  /** Records an open link (the connector does this); it is forgotten when it closes. */
  add(link: SerialLink): void {
    if (!link.isOpen) return
    this.links.set(link.path, link)
    link.onClose(() => {
      if (this.links.get(link.path) === link) this.links.delete(link.path)
    })
    for (const listener of this.openListeners) listener(link)
  }
}

/** The process's registry: the serial connector adds to it, the serial console reads it. */
export const serialLinks = new SerialLinks()
