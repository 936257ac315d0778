import { IconAlertCircle } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { ConfigProblems as Problems, ProblemTarget } from './configProblems'
import { useMoreBelow } from './useMoreBelow'

interface Props {
  problems: Problems | null
  onReveal(target: ProblemTarget): void
}

/**
 * Every problem in the config, in full: the list scrolls when there are many, never clips, and each
 * entry puts the cursor on its place in the editor (where its marker is).
 */
export function ConfigProblems({ problems, onReveal }: Props): ReactElement | null {
  const { ref, more } = useMoreBelow<HTMLUListElement>(problems)
  if (!problems) return null
  return (
    <section
      className="fd-notice"
      data-tone="error"
      data-kind={problems.kind}
      data-testid="config-errors"
      aria-label="Problems in the config"
    >
      <div className="fd-notice-head">
        <IconAlertCircle size={18} aria-hidden="true" />
        <span className="fd-notice-title" data-testid="config-errors-title">
          {problems.title}
        </span>
      </div>
      <ul className="fd-notice-list" data-testid="config-problem-list" ref={ref}>
        {problems.problems.map((p, i) => (
          <li key={`${p.where}-${i}`}>
            <button
              type="button"
              className="fd-problem"
              onClick={() => onReveal(p.target)}
              title="Show it in the editor"
              data-testid="config-problem"
            >
              <span className="fd-problem-where">{p.where}</span>
              <span className="fd-problem-message">{p.message}</span>
            </button>
          </li>
        ))}
      </ul>
      {more ? (
        <div className="fd-notice-more" aria-hidden="true">
          More below: scroll the list
        </div>
      ) : null}
    </section>
  )
}
