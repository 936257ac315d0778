import { Alert, Button, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle, IconShieldCheck } from '@tabler/icons-react'
import { useMemo, useState, type ReactElement } from 'react'
import { CoreError } from '../../../shared/errors/CoreError'
import type { Settings } from '../../../shared/api/views'
import {
  checkDiscoveryInterface,
  checkIceNetworks,
  describeIceNetworks,
  SAFE_DEFAULT_TEXT,
  type DiscoveryStatus,
  type NetworkInfo,
} from '../../../shared/config/networkSettings'
import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { notifySuccess } from '../common/notifyFailure'
import { discoveryOptions, ICE_PRESETS, icePresetOf, type IcePreset } from './networkChoices'

interface Props {
  settings: Settings
  network: NetworkInfo
  onApplied(): void
  onRefresh(): void
}

const OTHER = 'other'

function DiscoveryNow({ status }: { status: DiscoveryStatus }): ReactElement {
  const where = status.address ? `on ${status.address}` : 'on every interface'
  return (
    <Stack gap={6} data-testid="settings-discovery-status" data-running={status.running}>
      {status.envOverride ? (
        <Alert color="orange" variant="light" p="xs" icon={<IconAlertTriangle size={16} />}>
          <Text size="sm">
            FLEETDESK_MDNS_INTERFACE={status.envOverride} is set where this app was started: discovery uses
            it, whatever is chosen here.
          </Text>
        </Alert>
      ) : null}
      <Text size="sm" c={status.error ? 'red' : 'dimmed'}>
        {status.running
          ? `Discovery is looking for robots ${where}.`
          : status.error
            ? `Discovery is not running: ${status.error}`
            : 'Discovery is off in this run: robots are reached by the address you give them.'}
      </Text>
    </Stack>
  )
}

/** Where discovery looks and which networks sessions may use, checked as you type, applied at once. */
export function NetworkSettingsForm({ settings, network, onApplied, onRefresh }: Props): ReactElement {
  const options = useMemo(
    () => discoveryOptions(network.interfaces, settings.discoveryInterface),
    [network.interfaces, settings.discoveryInterface],
  )
  const [choice, setChoice] = useState(settings.discoveryInterface)
  const [other, setOther] = useState('')
  const [preset, setPreset] = useState<IcePreset>(icePresetOf(settings.iceNetworks))
  const [custom, setCustom] = useState(
    icePresetOf(settings.iceNetworks) === 'custom' ? settings.iceNetworks : '',
  )
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<{ message: string; fields: Record<string, string> } | null>(null)

  const discovery = choice === OTHER ? other : choice
  const ice = preset === 'custom' ? custom : preset
  const discoveryCheck = checkDiscoveryInterface(discovery, network.interfaces)
  const iceCheck = checkIceNetworks(ice)
  const patch: Partial<Settings> = {}
  if (discoveryCheck.ok && discoveryCheck.value !== settings.discoveryInterface)
    patch.discoveryInterface = discoveryCheck.value
  if (iceCheck.ok && iceCheck.value !== settings.iceNetworks) patch.iceNetworks = iceCheck.value
  const valid = discoveryCheck.ok && iceCheck.ok
  const changed = Object.keys(patch).length > 0

  const apply = async (): Promise<void> => {
    setBusy(true)
    setRefused(null)
    try {
      const saved = await getCoreApi().updateSettings(patch)
      const said: string[] = []
      if (patch.discoveryInterface)
        said.push(
          `Discovery restarted on ${saved.discoveryInterface === 'all' ? 'every interface' : saved.discoveryInterface}.`,
        )
      if (patch.iceNetworks) said.push(`New sessions may use: ${saved.iceNetworks}.`)
      notifySuccess('Network settings applied', said.join(' '))
      onApplied()
    } catch (err) {
      const fields: Record<string, string> = {}
      if (err instanceof CoreError)
        for (const f of err.fieldErrors ?? []) fields[f.path.replace(/^\$\./, '')] = f.message
      setRefused({ message: describeFailure('apply the network settings', err).message, fields })
    } finally {
      setBusy(false)
    }
  }

  const discoveryError = discoveryCheck.ok ? refused?.fields.discoveryInterface : discoveryCheck.message
  const iceError = iceCheck.ok ? refused?.fields.iceNetworks : iceCheck.message

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (valid && changed && !busy) void apply()
      }}
    >
      <Stack gap="md">
        <Alert
          color="blue"
          variant="light"
          icon={<IconShieldCheck size={18} />}
          data-testid="settings-default-note"
        >
          <Text size="sm" fw={600}>
            {SAFE_DEFAULT_TEXT}
          </Text>
          <Text size="sm">
            That is the default, so a new install never talks to a network by itself. To find and reach robots
            on your LAN, choose the interface on that network for discovery, and let sessions use private
            networks (or that network&apos;s address range).
          </Text>
        </Alert>

        <Stack gap={6}>
          <Title order={5}>Discovery: where to look for robots</Title>
          <DiscoveryNow status={network.discovery} />
          <Radio.Group
            value={choice}
            onChange={(v) => {
              setChoice(v)
              setRefused(null)
            }}
            aria-label="Interface discovery uses"
          >
            <Stack gap={6} mt={4}>
              {options.map((o) => (
                <Radio
                  key={o.value}
                  value={o.value}
                  label={<span className="fd-mono">{o.label}</span>}
                  description={o.hint}
                  data-testid="settings-discovery-option"
                  data-value={o.value}
                />
              ))}
              <Radio
                value={OTHER}
                label="Another address or interface name"
                data-testid="settings-discovery-option"
                data-value={OTHER}
              />
            </Stack>
          </Radio.Group>
          {choice === OTHER ? (
            <TextInput
              size="sm"
              className="fd-mono"
              placeholder="eth0, or 192.168.1.20"
              value={other}
              onChange={(e) => {
                setOther(e.currentTarget.value)
                setRefused(null)
              }}
              aria-label="Address or interface name for discovery"
              data-testid="settings-discovery-other"
              autoFocus
            />
          ) : null}
          {discoveryError ? (
            <Text size="sm" c="red" role="alert" data-testid="settings-discovery-error">
              {discoveryError}
            </Text>
          ) : null}
        </Stack>

        <Stack gap={6}>
          <Title order={5}>Sessions: networks WebRTC may use</Title>
          <Radio.Group
            value={preset}
            onChange={(v) => {
              setPreset(icePresetOf(v === 'custom' ? 'custom' : v))
              setRefused(null)
            }}
            aria-label="Networks robot sessions may use"
          >
            <Group gap="md" mt={4}>
              {ICE_PRESETS.map((p) => (
                <Radio
                  key={p.value}
                  value={p.value}
                  label={p.label}
                  data-testid={`settings-ice-${p.value}`}
                />
              ))}
            </Group>
          </Radio.Group>
          {preset === 'custom' ? (
            <TextInput
              size="sm"
              className="fd-mono"
              placeholder="192.168.10.0/24, loopback"
              value={custom}
              onChange={(e) => {
                setCustom(e.currentTarget.value)
                setRefused(null)
              }}
              aria-label="Networks sessions may use: names (loopback, private, link-local, all), addresses or CIDRs"
              description="Names (loopback, private, link-local, all), addresses or CIDRs, separated by commas."
              data-testid="settings-ice-input"
            />
          ) : null}
          {iceError ? (
            <Text size="sm" c="red" role="alert" data-testid="settings-ice-error">
              {iceError}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" data-testid="settings-ice-description">
              {describeIceNetworks(iceCheck.ok ? iceCheck.value : ice)} Sessions open now keep their networks
              until they reconnect.
            </Text>
          )}
        </Stack>

        {refused ? (
          <Alert
            color="red"
            variant="light"
            p="xs"
            icon={<IconInfoCircle size={16} />}
            data-testid="settings-apply-error"
          >
            <Text size="sm">{refused.message}</Text>
          </Alert>
        ) : null}

        <Group justify="space-between">
          <Button variant="subtle" size="sm" onClick={onRefresh} data-testid="settings-refresh">
            List interfaces again
          </Button>
          <Group gap="xs">
            <Button type="submit" disabled={!valid || !changed} loading={busy} data-testid="settings-apply">
              Apply
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
