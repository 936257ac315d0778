/** Ctrl+Shift+Space (Cmd on a Mac): far from typing, reachable with one hand, and not a browser shortcut. */
export const STOP_ALL_SHORTCUT_LABEL = 'Ctrl+Shift+Space'

export function isStopAllShortcut(
  e: Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && (e.code === 'Space' || e.key === ' ')
}
