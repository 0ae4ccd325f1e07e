import type { BacklogFocus } from '../utils/domain/escalation';
import { t } from '../utils/i18n/i18n';
import type { Department } from '../utils/domain/types';

interface Props {
  focus: BacklogFocus;
  departments: Department[];
  onClear: () => void;
}

/** Says which items the backlog is narrowed to (from a notification), with a way back to all. */
export function FocusBanner({ focus, departments, onClear }: Props) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const names = focus.departmentIds.map((id) => byId.get(id)?.shortName ?? id).join(', ');
  return (
    <div class="focus" role="status" data-focus={focus.urgency}>
      <span>
        {focus.urgency === 'overdue' ? t('focusOverdue') : t('focusSoon')}
        {names && ` ${t('focusDepartments', names)}`}
      </span>
      <button type="button" class="focus-clear" onClick={onClear}>
        {t('focusShowAll')}
      </button>
    </div>
  );
}
