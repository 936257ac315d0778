import { Text } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'

/** A labelled value in a row of facts ("Position 2.45 rev"): dimmed label and unit, the value plain. */
export function Fact({
  label,
  children,
  mono,
  unit,
  testId,
}: {
  label: string
  children: ReactNode
  mono?: boolean
  unit?: string
  /** On the value alone, so a test reads just the value. */
  testId?: string
}): ReactElement {
  return (
    <Text size="sm" span>
      <Text span c="dimmed" size="sm">
        {label}{' '}
      </Text>
      <span className={mono ? 'fd-mono' : undefined} data-testid={testId}>
        {children}
      </span>
      {unit !== undefined && (
        <>
          {' '}
          <Text span c="dimmed" size="xs">
            {unit}
          </Text>
        </>
      )}
    </Text>
  )
}
