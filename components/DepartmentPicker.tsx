import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Department } from '../utils/domain/types';
import { foldForSearch } from '../utils/domain/text';
import { t } from '../utils/i18n/i18n';

interface Props {
  departments: Department[];
  currentId: string;
  onPick: (departmentId: string) => void;
  onClose: () => void;
}

/** A searchable list of departments: type to filter, arrows to move, Enter to pick, Esc to close. */
export function DepartmentPicker({ departments, currentId, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const matches = useMemo(() => {
    const q = foldForSearch(query.trim());
    if (!q) return departments;
    return departments.filter((d) =>
      foldForSearch(`${d.shortName} ${d.name} ${d.keywords.join(' ')}`).includes(q),
    );
  }, [departments, query]);

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
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div class="picker" role="dialog" aria-label={t('pickerTitle')}>
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
            {d.id === currentId && <span aria-hidden="true">✓</span>}
          </li>
        ))}
        {matches.length === 0 && <li class="empty">{t('pickerEmpty')}</li>}
      </ul>
    </div>
  );
}
