import type { LogLevel } from '../../../../src/shared/domain/logLevel'

// The IPC messages between an end-to-end test and its robot process (robotChild.ts).

export type ChildRequest =
  | { op: 'start'; config: Record<string, unknown>; dataDir: string }
  | { op: 'log'; level: LogLevel; logger: string; message: string; fields: Record<string, unknown> }
  | { op: 'stop' }

export type ChildReply =
  { op: 'ready'; port: number } | { op: 'logged' } | { op: 'stopped' } | { op: 'failed'; message: string }
