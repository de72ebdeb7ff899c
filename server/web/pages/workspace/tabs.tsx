/** The tabs over a practice in the author's workspace: its text, its materials, its authors. */
import { WORKSPACE } from './paths.js';

export type PracticeTab = 'text' | 'materials' | 'authors';

const TABS: { tab: PracticeTab; label: string; href: (id: number) => string }[] = [
  { tab: 'text', label: 'Текст практики', href: WORKSPACE.practice },
  { tab: 'materials', label: 'Материалы', href: WORKSPACE.materials },
  { tab: 'authors', label: 'Авторы', href: WORKSPACE.authors },
];

/** Links, not script-driven tabs: each is a page of its own that works without JavaScript. */
export function PracticeTabs({ id, current }: { id: number; current: PracticeTab }) {
  return (
    <nav class="practice-tabs" aria-label="Разделы практики">
      <ul>
        {TABS.map(({ tab, label, href }) => (
          <li>
            <a href={href(id)} {...(tab === current ? { 'aria-current': 'page' as const } : {})}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
