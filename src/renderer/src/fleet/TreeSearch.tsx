import { CloseButton, Kbd, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react'
import { useTreeStore } from '../state/useTreeStore'
import { useSidebarStore } from '../state/useSidebarStore'

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** Filters the tree as you type. `/` anywhere focuses it; Escape clears it; Down moves into the tree. */
export function TreeSearch(): ReactElement {
  const query = useTreeStore((s) => s.query)
  const setQuery = useTreeStore((s) => s.setQuery)
  const ref = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return
      e.preventDefault()
      // A folded sidebar opens first: the search is in it.
      if (useSidebarStore.getState().collapsed) useSidebarStore.getState().setCollapsed(false)
      requestAnimationFrame(() => {
        ref.current?.focus()
        ref.current?.select()
      })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      if (query) setQuery('')
      else ref.current?.blur()
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault()
      useTreeStore.getState().enterTree()
    }
  }

  return (
    <TextInput
      ref={ref}
      data-testid="tree-search"
      aria-label="Search the fleet"
      placeholder="Search machines, locations, ids"
      value={query}
      onChange={(e) => setQuery(e.currentTarget.value)}
      onKeyDown={onKeyDown}
      leftSection={<IconSearch size={15} aria-hidden="true" />}
      rightSection={
        query ? (
          <CloseButton size="sm" aria-label="Clear search" onClick={() => setQuery('')} />
        ) : (
          <Kbd size="xs" aria-hidden="true">
            /
          </Kbd>
        )
      }
      spellCheck={false}
      autoComplete="off"
    />
  )
}
