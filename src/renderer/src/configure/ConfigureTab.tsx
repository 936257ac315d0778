import { Badge, Box, Button, Group, Loader, Text, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconDeviceFloppy } from '@tabler/icons-react'
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { CoreError, type FieldError } from '../../../shared/errors/CoreError'
import type { MachineView, PartConfigView } from '../../../shared/api/views'
import type { PartId } from '../../../shared/ids'
import { getCoreApi } from '../api/getCoreApi'
import { checkConfigText } from './checkConfigText'
import { notifyFailure, notifySuccess } from '../common/notifyFailure'
import { onFleetChanged } from '../state/coreSync'
import { useLeaveGuard } from './useLeaveGuard'
import { ApplyToRobotButton, ApplyToRobotOutcome, useApplyToRobot } from './ApplyToRobot'
import ConfigEditor, { type ConfigEditorHandle, type EditorDoc, type EditorProblems } from './ConfigEditor'
import { ConfigProblems } from './ConfigProblems'
import { listConfigProblems } from './configProblems'
import { ConfigShownSwitch, EffectiveConfigPanel, type ConfigShown } from './EffectiveConfigPanel'

export interface RestoreRequest {
  partId: PartId
  revision: number
  text: string
  nonce: number
}

interface Props {
  view: MachineView
  partId: PartId
  partName: string
  active: boolean
  restore: RestoreRequest | null
  /** The restore request was applied; the page drops it so a later visit does not apply it again. */
  onRestoreUsed(nonce: number): void
  onSaved(): void
  onPendingChange(partId: PartId, pending: boolean): void
}

const formatConfig = (config: unknown): string => JSON.stringify(config, null, 2)
const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)

/** CONFIGURE: edit a part's config as JSON, checked as you type, saved locally to sync later. */
export function ConfigureTab({
  view,
  partId,
  partName,
  active,
  restore,
  onRestoreUsed,
  onSaved,
  onPendingChange,
}: Props): ReactElement {
  const [part, setPart] = useState<PartConfigView | null>(null)
  const [doc, setDoc] = useState<EditorDoc>({ text: '', version: 0, mode: 'load' })
  const [text, setText] = useState('')
  const [savedText, setSavedText] = useState('')
  const [serverErrors, setServerErrors] = useState<FieldError[] | null>(null)
  const [saving, setSaving] = useState(false)
  const editor = useRef<ConfigEditorHandle>(null)
  const checked = useDeferredValue(text)
  const check = useMemo(() => checkConfigText(checked), [checked])
  const dirty = part !== null && text !== savedText
  // The effective view is offered only where it differs: a config that lists fragments.
  const usesFragments = useMemo(() => savedListsFragments(savedText), [savedText])
  const canEdit = view.capabilities.canEditConfig
  const canSave = canEdit && dirty && check.kind === 'valid' && checked === text && !saving
  const robot = useApplyToRobot(partId, canEdit)
  // One list for the panel above the editor and the editor's markers: the two always agree.
  const problems = useMemo(
    () => (part ? listConfigProblems(check, serverErrors) : null),
    [part, check, serverErrors],
  )
  const marked = useMemo<EditorProblems | null>(
    () => (problems ? { text: serverErrors ? text : checked, problems: problems.problems } : null),
    [problems, serverErrors, text, checked],
  )
  const [shown, setShown] = useState<ConfigShown>('machine')

  const apply = useCallback(
    (loaded: PartConfigView, fresh: boolean) => {
      const t = formatConfig(loaded.config)
      setPart(loaded)
      onPendingChange(partId, loaded.pending !== null)
      setSavedText(t)
      setText(t)
      setServerErrors(null)
      setDoc((d) => ({ text: t, version: d.version + 1, mode: fresh ? 'load' : 'replace' }))
    },
    [partId, onPendingChange],
  )
  const what = `load the config of ${view.machine.name} (${partName})`

  // This tab is keyed by part, so this runs once per part shown.
  const dirtyRef = useRef(false)
  useEffect(() => {
    dirtyRef.current = dirty
  })
  useEffect(() => {
    let live = true
    const fetch = (fresh: boolean): void => {
      getCoreApi()
        .getPartConfig({ partId })
        .then(
          (loaded) => live && apply(loaded, fresh),
          (err: unknown) => live && notifyFailure(what, err),
        )
    }
    fetch(true)
    // After a sync, show the new config, unless the user is in the middle of an edit.
    const off = onFleetChanged(() => {
      if (!dirtyRef.current) fetch(false)
    })
    return () => {
      live = false
      off()
    }
  }, [partId, apply, what])

  // A revision restored from HISTORY replaces the text (undoable) once the part's config is loaded, so
  // the load cannot overwrite it; state is adjusted while rendering, and the page told it was used.
  const [restoredNonce, setRestoredNonce] = useState(0)
  if (part && restore && restore.partId === partId && restore.nonce !== restoredNonce) {
    setRestoredNonce(restore.nonce)
    setDoc((d) => ({ text: restore.text, version: d.version + 1, mode: 'replace' }))
  }
  useEffect(() => {
    if (restore && restore.nonce === restoredNonce) onRestoreUsed(restore.nonce)
  }, [restore, restoredNonce, onRestoreUsed])

  const setDirty = useLeaveGuard((s) => s.setDirty)
  useEffect(() => {
    setDirty(dirty ? `the config of ${view.machine.name} (${partName})` : null)
  }, [dirty, setDirty, view.machine.name, partName])
  useEffect(() => () => setDirty(null), [setDirty])

  // The window can be closed with edits unsaved: the browser asks, and in Electron the shell does
  // (will-prevent-unload, src/main/shell/secureWindow.ts).
  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent): void => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const save = async (): Promise<void> => {
    if (!canSave || !part || check.kind !== 'valid') return
    setSaving(true)
    try {
      const result = await getCoreApi().savePartConfig({
        partId,
        baseRevision: part.revision,
        config: check.config,
      })
      setPart({ ...part, pending: result.pending })
      setSavedText(text)
      setServerErrors(null)
      onPendingChange(partId, true)
      notifySuccess(
        'Saved locally, not yet synced',
        `${view.machine.name} (${partName}) will get it when the hub is reachable. ${result.pendingCount} edit${result.pendingCount === 1 ? '' : 's'} waiting to sync.`,
      )
      onSaved()
    } catch (err) {
      if (err instanceof CoreError && err.code === 'invalid-argument' && err.fieldErrors?.length)
        setServerErrors(err.fieldErrors)
      notifyFailure(`save the config of ${view.machine.name} (${partName})`, err)
    } finally {
      setSaving(false)
    }
  }
  const saveRef = useRef(save)
  useEffect(() => {
    saveRef.current = save
  })

  // Ctrl/Cmd+S anywhere on this tab, not only inside the editor; never the browser's "save page".
  useEffect(() => {
    if (!active) return
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        void saveRef.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [active])

  const onChange = useCallback((t: string) => {
    setText(t)
    setServerErrors(null)
  }, [])

  const revert = (): void => setDoc((d) => ({ text: savedText, version: d.version + 1, mode: 'replace' }))

  return (
    <Box style={{ display: 'flex', flexDirection: 'column', gap: 8, height: '100%', minHeight: 0 }}>
      {/* On a narrow window the buttons go to a second row; the badges never shrink to "Unsave…". */}
      <Group justify="space-between" wrap="wrap" style={{ rowGap: 6 }}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            Part <b>{partName}</b>, hub revision <span className="fd-mono">{part?.revision ?? '…'}</span>
          </Text>
          {dirty ? (
            <Badge color="yellow" variant="light" tt="none" style={{ flex: 'none' }}>
              Unsaved changes
            </Badge>
          ) : null}
          {!canEdit ? (
            <Badge color="gray" variant="light" tt="none" style={{ flex: 'none' }}>
              Read only for your role
            </Badge>
          ) : null}
        </Group>
        {canEdit ? (
          <Group gap="xs" wrap="nowrap" style={{ marginLeft: 'auto' }}>
            <ApplyToRobotButton state={robot} dirty={dirty} />
            <Tooltip label="Put back the last saved config (undo with Ctrl+Z)">
              <Button
                variant="default"
                size="sm"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={revert}
                disabled={!dirty}
                data-testid="config-revert"
              >
                Revert to saved
              </Button>
            </Tooltip>
            <Button
              size="sm"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => void save()}
              disabled={!canSave}
              loading={saving}
              data-testid="config-save"
              title={`Save locally (${isMac ? '⌘' : 'Ctrl'}+S)`}
            >
              Save
            </Button>
          </Group>
        ) : null}
      </Group>
      {usesFragments ? <ConfigShownSwitch value={shown} onChange={setShown} /> : null}
      <ApplyToRobotOutcome
        state={robot}
        onReveal={(path) => editor.current?.revealProblem({ kind: 'path', path })}
      />
      <ConfigProblems problems={problems} onReveal={(t) => editor.current?.revealProblem(t)} />
      {part === null ? (
        <Group justify="center" p="xl">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Loading the config…
          </Text>
        </Group>
      ) : null}
      {shown === 'effective' && usesFragments && part ? (
        <EffectiveConfigPanel partId={partId} saved={savedText} dirty={dirty} />
      ) : null}
      {/* Basis 0: the editor takes the room left; it never squeezes the problems above it. */}
      <Box
        style={{
          display: part === null || (shown === 'effective' && usesFragments) ? 'none' : 'flex',
          flex: '1 1 0',
          minHeight: 96,
        }}
      >
        <ConfigEditor
          doc={doc}
          problems={marked}
          label={`Config of ${view.machine.name}, part ${partName}`}
          readOnly={!canEdit}
          testId="config-editor"
          onChange={onChange}
          onSave={() => void saveRef.current()}
          handleRef={editor}
        />
      </Box>
    </Box>
  )
}

function savedListsFragments(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text)
    const fragments = (parsed as { fragments?: unknown } | null)?.fragments
    return Array.isArray(fragments) && fragments.length > 0
  } catch {
    return false
  }
}
