import { Button, Center, List, Paper, Stack, Text, Title } from '@mantine/core'
import { IconCloud, IconPlayerPlay, IconRobot } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { notifySuccess, runAction } from '../common/notifyFailure'
import { refreshStatus, refreshTree } from '../state/coreSync'
import { SignInDialog } from '../sync/SignInDialog'

/** First run: nothing cached yet. Explain the app and offer the demo fleet or signing in to a hub. */
export function EmptyState(): ReactElement {
  const [loading, setLoading] = useState(false)
  const [signingIn, setSigningIn] = useState(false)
  const loadDemo = async (): Promise<void> => {
    setLoading(true)
    const result = await runAction('load the demo fleet', () => getCoreApi().createDemoFleet({}))
    if (result) {
      await Promise.all([refreshTree(), refreshStatus()])
      notifySuccess(
        'Demo fleet loaded',
        `${result.machines.toLocaleString()} machines are in the tree on the left.`,
      )
    }
    setLoading(false)
  }
  return (
    <Center h="100%" p="xl" data-testid="empty-state">
      <Paper withBorder p="xl" maw={560} radius="md">
        <Stack gap="md">
          <IconRobot size={36} color="var(--mantine-primary-color-filled)" aria-hidden="true" />
          <Title order={2}>Welcome to Fleetdesk</Title>
          <Text>
            Fleetdesk lets you see and operate your robot fleet from this computer, with or without internet:
            browse organizations, locations and machines, edit machine configs, and review their history.
            Everything you save is kept here first and synced with your fleet&apos;s hub when it is reachable.
          </Text>
          <Text fw={600}>There is no fleet on this computer yet. To look around:</Text>
          <List size="sm" spacing={4}>
            <List.Item>
              Load the demo fleet: a few organizations with simulated machines, stored only here.
            </List.Item>
            <List.Item>
              Or sign in to your fleet&apos;s hub: its machines are copied here and kept in sync.
            </List.Item>
          </List>
          <Button
            size="md"
            leftSection={<IconPlayerPlay size={18} />}
            onClick={() => void loadDemo()}
            loading={loading}
            loaderProps={{ type: 'dots' }}
            data-testid="load-demo"
          >
            Load the demo fleet
          </Button>
          <Button
            size="md"
            variant="default"
            leftSection={<IconCloud size={18} />}
            onClick={() => setSigningIn(true)}
            data-testid="empty-sign-in"
          >
            Sign in to your fleet&apos;s hub
          </Button>
          {loading ? (
            <Text size="sm" c="dimmed" role="status">
              Creating the demo fleet and writing it to the local cache…
            </Text>
          ) : null}
        </Stack>
      </Paper>
      <SignInDialog
        opened={signingIn}
        onClose={() => {
          setSigningIn(false)
          // The first pull fills the tree as it goes; the sync status events refresh it after.
          void Promise.all([refreshTree(), refreshStatus()])
        }}
      />
    </Center>
  )
}
