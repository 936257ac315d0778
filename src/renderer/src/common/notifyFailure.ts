import { notifications } from '@mantine/notifications'
import { describeFailure } from './describeFailure'

/** Every failed user action ends here: a toast that says what failed and what to do next. */
export function notifyFailure(what: string, err: unknown): void {
  const { title, message } = describeFailure(what, err)
  notifications.show({ color: 'red', title, message, autoClose: 10_000, withBorder: true })
}

export function notifySuccess(title: string, message?: string): void {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 4_000, withBorder: true })
}

/** Runs a user action; on failure shows the toast and resolves to undefined instead of throwing. */
export async function runAction<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action()
  } catch (err) {
    notifyFailure(what, err)
    return undefined
  }
}
