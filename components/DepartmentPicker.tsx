import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Department, Post } from '../utils/domain/types';
import { foldForSearch, truncate } from '../utils/domain/text';
import { t } from '../utils/i18n/i18n';

/** How much of the post's text the title quotes. */
const EXCERPT_LENGTH = 48;

interface Props {
  departments: Department[];
  currentId: string;
  /** The post it assigns, named in its title so the officer sees which one it is. */
  post?: Pick<Post, 'authorHandle' | 'text'>;
  /** The routing suggestion: listed first and chosen, so Enter accepts it. */
  suggestedId?: string;
  onPick: (departmentId: string) => void;
  onClose: () => void;
}

/** "Assign @warga's post: “Jalan di …”", or the plain title without a post. */
export function pickerTitle(post: Props['post']): string {
  if (!post) return t('pickerTitle');
  const excerpt = truncate(post.text.replace(/\s+/g, ' ').trim(), EXCERPT_LENGTH);
  return excerpt
    ? t('pickerTitleFor', post.authorHandle, excerpt)
    : t('pickerTitleForNoText', post.authorHandle);
}

/**
 * A searchable list of departments: type to filter, arrows to move, Enter to pick, Esc (from
 * anywhere inside) to close.
 */
export function DepartmentPicker({
  departments,
  currentId,
  post,
  suggestedId,
  onPick,
  onClose,
}: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const ordered = useMemo(() => {
    const suggested = departments.find((d) => d.id === suggestedId);
    return suggested ? [suggested, ...departments.filter((d) => d !== suggested)] : departments;
  }, [departments, suggestedId]);

  const matches = useMemo(() => {
    const q = foldForSearch(query.trim());
    if (!q) return ordered;
    return ordered.filter((d) =>
      foldForSearch(`${d.shortName} ${d.name} ${d.keywords.join(' ')}`).includes(q),
    );
  }, [ordered, query]);

  // Before the next key press: a fast typist's keys must reach the filter box.
  useLayoutEffect(() => input.current?.focus(), []);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const activeDepartment = matches[active];

  function onKeyDown(event: KeyboardEvent) {
    switch (event.key) {
      case 'ArrowDown':
        setActive((i) => Math.min(i + 1, matches.length - 1));
        break;
      case 'ArrowUp':
        setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(matches.length - 1);
        break;
      case 'Enter':
        if (activeDepartment) onPick(activeDepartment.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const title = pickerTitle(post);
  return (
    <div
      class="picker"
      role="dialog"
      aria-label={title}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
    >
      <p class="picker-title" title={post?.text}>
        {title}
      </p>
      <div class="picker-head">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label={t('pickerFilter')}
          placeholder={t('pickerFilter')}
          aria-expanded="true"
          aria-controls="tanggap-departments"
          aria-autocomplete="list"
          aria-activedescendant={activeDepartment ? `dept-${activeDepartment.id}` : undefined}
          value={query}
          onInput={(event) => {
            // Here, not in an effect: an effect runs after paint and would undo arrow keys
            // pressed in the meantime.
            setQuery(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" class="close" aria-label={t('pickerClose')} onClick={onClose}>
          ×
        </button>
      </div>
      <ul ref={list} id="tanggap-departments" role="listbox" aria-label={t('pickerTitle')}>
        {matches.map((d, i) => (
          <li
            key={d.id}
            id={`dept-${d.id}`}
            role="option"
            aria-selected={i === active}
            aria-current={d.id === currentId ? 'true' : undefined}
            data-department-id={d.id}
            onMouseMove={() => setActive(i)}
            onClick={() => onPick(d.id)}
          >
            <span class="swatch" style={{ backgroundColor: d.color }} aria-hidden="true" />
            <span class="short">{d.shortName}</span>
            <span class="name">{d.name}</span>
            {d.id === suggestedId && <span class="tag">{t('pickerSuggested')}</span>}
            {d.id === currentId && <span aria-hidden="true">✓</span>}
          </li>
        ))}
        {matches.length === 0 && <li class="empty">{t('pickerEmpty')}</li>}
      </ul>
    </div>
  );
}
