import { ActionIcon, Group, Select, TextInput, Tooltip } from '@mantine/core'
import { IconSend } from '@tabler/icons-react'
import { useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { SerialLineEnding } from '../../../shared/api/serialViews'
import { getCoreApi } from '../api/getCoreApi'
import { notifyFailure } from '../common/notifyFailure'
import { remember, stepHistory, type HistoryCursor } from './sendHistory'

const ENDINGS: Array<{ value: SerialLineEnding; label: string }> = [
  { value: 'none', label: 'No ending' },
  { value: 'lf', label: 'LF (\\n)' },
  { value: 'cr', label: 'CR (\\r)' },
  { value: 'crlf', label: 'CR LF (\\r\\n)' },
]

/** Sent lines and the chosen ending, per port, kept while the window is open. */
const histories = new Map<string, string[]>()
const endings = new Map<string, SerialLineEnding>()

/** The line input: Enter sends with the chosen ending; Up and Down walk through the sent lines. */
export function ConsoleInput({ path, enabled }: { path: string; enabled: boolean }): ReactElement {
  const [text, setText] = useState('')
  const [ending, setEnding] = useState<SerialLineEnding>(endings.get(path) ?? 'lf')
  const cursor = useRef<HistoryCursor>({ index: (histories.get(path) ?? []).length, draft: '' })
  const sending = useRef(false)

  const send = async (): Promise<void> => {
    if (sending.current || !enabled) return
    sending.current = true
    const line = text
    try {
      await getCoreApi().sendSerialLine({ path, text: line, lineEnding: ending })
      const history = remember(histories.get(path) ?? [], line)
      histories.set(path, history)
      cursor.current = { index: history.length, draft: '' }
      setText('')
    } catch (err) {
      notifyFailure(`send to ${path}`, err)
    } finally {
      sending.current = false
    }
  }

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault()
      void send()
      return
    }
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
    e.preventDefault()
    const step = stepHistory(
      histories.get(path) ?? [],
      cursor.current,
      text,
      e.key === 'ArrowUp' ? 'up' : 'down',
    )
    cursor.current = step.cursor
    setText(step.text)
  }

  return (
    <Group gap={6} wrap="nowrap" align="flex-end">
      <TextInput
        aria-label="Line to send"
        placeholder={
          enabled ? 'Type a line, Enter sends it (Up and Down: sent lines)' : 'Open the port to send'
        }
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value)
        }}
        onKeyDown={onKey}
        disabled={!enabled}
        className="fd-mono"
        style={{ flex: '1 1 auto' }}
        data-testid="console-input"
        spellCheck={false}
        autoComplete="off"
      />
      <Select
        aria-label="Line ending"
        data={ENDINGS}
        value={ending}
        onChange={(v) => {
          if (!v) return
          const next = v as SerialLineEnding
          endings.set(path, next)
          setEnding(next)
        }}
        allowDeselect={false}
        w={150}
        comboboxProps={{ withinPortal: true }}
        data-testid="console-line-ending"
      />
      <Tooltip label="Send the line">
        <ActionIcon
          size={36}
          onClick={() => void send()}
          disabled={!enabled}
          aria-label="Send"
          data-testid="console-send"
        >
          <IconSend size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
