import type { SerialPortView } from '../../../shared/api/serialViews'

/**
 * The ports auto-connect asks who they are after a listing changed: those listed now that were not
 * listed before. A port that stays listed is never asked again (one that did not answer is left
 * alone), and one that went away and came back (replugged) is new again. Pure.
 */
export function portsToProbe(
  before: ReadonlySet<string>,
  now: readonly SerialPortView[],
  openHere: (path: string) => boolean,
): string[] {
  return now.map((p) => p.path).filter((path) => !before.has(path) && !openHere(path))
}
