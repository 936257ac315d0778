import { Alert, Center, Loader, Modal, Text } from '@mantine/core'
import { useMemo, type ReactElement } from 'react'
import type { Settings } from '../../../shared/api/views'
import type { NetworkInfo } from '../../../shared/config/networkSettings'
import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { useCoreQuery } from '../state/useCoreQuery'
import { NetworkSettingsForm } from './NetworkSettingsForm'

interface Props {
  opened: boolean
  onClose(): void
}

type Loaded = { settings: Settings; network: NetworkInfo }

const load = async (): Promise<Loaded> => {
  const api = getCoreApi()
  const [settings, network] = await Promise.all([api.getSettings({}), api.listNetworkInterfaces({})])
  return { settings, network }
}

/**
 * Settings: for now the network ones (where discovery looks for robots, which networks sessions may
 * use). Read afresh each time it opens, so the interfaces listed are the ones this computer has now.
 */
export function SettingsDialog({ opened, onClose }: Props): ReactElement {
  // A new fetcher per opening: what an earlier opening read is never shown.
  const fetcher = useMemo(() => (opened ? () => load() : null), [opened])
  const query = useCoreQuery(fetcher)

  return (
    <Modal opened={opened} onClose={onClose} title="Settings" size="lg">
      <div data-testid="settings-dialog">
        {query.error !== undefined && !query.data ? (
          <Alert color="red" variant="light" title="The settings could not be read">
            <Text size="sm">{describeFailure('read the settings', query.error).message}</Text>
          </Alert>
        ) : query.data ? (
          <NetworkSettingsForm
            settings={query.data.settings}
            network={query.data.network}
            onApplied={onClose}
            onRefresh={query.reload}
          />
        ) : (
          <Center p="lg">
            <Loader size="sm" aria-label="Reading the settings" />
          </Center>
        )}
      </div>
    </Modal>
  )
}
