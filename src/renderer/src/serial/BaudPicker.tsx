import { Autocomplete } from '@mantine/core'
import type { ReactElement } from 'react'
import { COMMON_BAUD_RATES } from '../../../shared/api/serialViews'
import { parseBaud } from './parseBaud'

const CHOICES = COMMON_BAUD_RATES.map(String)

interface Props {
  value: string
  onChange(value: string): void
  /** Locked while the port is open: the rate cannot change under a running link. */
  disabled?: boolean
  lockedReason?: string
  label?: string
  w?: number | string
}

/** The baud rate: the usual ones to pick from, any other typed in. */
export function BaudPicker({
  value,
  onChange,
  disabled,
  lockedReason,
  label = 'Baud',
  w = 130,
}: Props): ReactElement {
  const parsed = parseBaud(value)
  return (
    <Autocomplete
      label={label}
      size="sm"
      w={w}
      data={CHOICES}
      value={value}
      onChange={onChange}
      disabled={disabled}
      title={disabled ? lockedReason : undefined}
      // Every rate stays offered whatever is typed: the list is short and picking beats typing.
      filter={({ options }) => options}
      comboboxProps={{ withinPortal: true }}
      inputMode="numeric"
      error={'error' in parsed && value.trim() !== '' ? parsed.error : undefined}
      data-testid="baud-picker"
      aria-label="Baud rate"
    />
  )
}
