/** Ctrl+, (Cmd+, on a Mac): the settings shortcut of most desktop apps (VS Code, browsers on a Mac). */
export const SETTINGS_SHORTCUT_LABEL = 'Ctrl+,'

export function isSettingsShortcut(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key === ','
}
