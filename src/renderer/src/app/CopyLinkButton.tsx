import { ActionIcon, Tooltip } from '@mantine/core'
import { IconLink } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { preloadApi } from '../api/fleetdeskGlobal'
import { notifyFailure, notifySuccess } from '../common/notifyFailure'

/** What a copied link needs, said where it is copied (and in the README). */
export const SHARED_LINK_NEEDS =
  'Whoever opens it needs this Fleetdesk’s access token: use the address Fleetdesk printed when it started, with its ?token=… before the #.'

/**
 * Browser mode: copies a link to the page on screen (the URL's hash names it). The per-launch
 * token is not in it (it is kept out of the address bar on purpose), so the link says what it
 * needs. The desktop window has no address to share, so it shows nothing.
 */
export function CopyLinkButton(): ReactElement | null {
  if (preloadApi()) return null
  const copy = (): void => {
    const link = `${window.location.origin}${window.location.pathname}${window.location.hash || '#/'}`
    navigator.clipboard.writeText(link).then(
      () => notifySuccess('Link to this page copied', `${link}\n${SHARED_LINK_NEEDS}`),
      (err: unknown) => notifyFailure('copy the link to this page', err),
    )
  }
  return (
    <Tooltip label={`Copy a link to this page. ${SHARED_LINK_NEEDS}`} multiline w={320} withArrow>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={copy}
        aria-label="Copy a link to this page"
        data-testid="copy-link"
        style={{ flex: 'none' }}
      >
        <IconLink size={17} />
      </ActionIcon>
    </Tooltip>
  )
}
