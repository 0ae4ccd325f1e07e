import { useState } from 'preact/hooks';
import { type FieldError } from '../utils/forms/form-checks';
import {
  checkDraft,
  draftOf,
  type DepartmentDraft,
  type DraftField,
} from '../utils/forms/department-form';
import { t, type MessageKey } from '../utils/i18n/i18n';
import { errorWords } from '../utils/i18n/error-words';
import { TanggapError } from '../utils/domain/errors';
import type { Department } from '../utils/domain/types';
import { ChipPreview } from './ChipPreview';
import { FormMessage } from './FormMessage';
import { RemoveConfirm } from './RemoveConfirm';
import { useRemoveConfirm } from './use-remove-confirm';
import { useStoredDraft } from './use-stored-draft';

interface Props {
  departments: Department[];
  /** Each resolves once stored, or rejects with the background's error. */
  onSave: (department: Department) => Promise<unknown>;
  onRemove: (id: string) => Promise<unknown>;
  onMove: (id: string, delta: -1 | 1) => Promise<unknown>;
  /** Shown, not changed: the team's rules leave the directory to its admin. */
  readOnly?: boolean;
}

const NEW_DRAFT: DepartmentDraft = {
  name: '',
  shortName: '',
  handle: '',
  color: '#1d4ed8',
  slaHours: '24',
  keywords: '',
};

/** The department directory: one form per department, plus a form for a new one. */
export function DirectoryEditor({ departments, onSave, onRemove, onMove, readOnly }: Props) {
  const [adding, setAdding] = useState(false);
  return (
    <div class="directory">
      <ol class="departments">
        {departments.map((d, i) => (
          <DepartmentForm
            key={d.id}
            department={d}
            departments={departments}
            first={i === 0}
            last={i === departments.length - 1}
            onSave={onSave}
            onRemove={readOnly ? undefined : onRemove}
            onMove={readOnly ? undefined : onMove}
            readOnly={readOnly}
          />
        ))}
        {adding && (
          <DepartmentForm
            departments={departments}
            first
            last
            onSave={async (d) => {
              await onSave(d);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        )}
      </ol>
      {!adding && !readOnly && (
        <button type="button" class="add" onClick={() => setAdding(true)}>
          {t('optionsAddDepartment')}
        </button>
      )}
    </div>
  );
}

interface FormProps {
  /** Absent for a new department. */
  department?: Department;
  departments: Department[];
  first: boolean;
  last: boolean;
  onSave: (department: Department) => Promise<unknown>;
  onRemove?: (id: string) => Promise<unknown>;
  onMove?: (id: string, delta: -1 | 1) => Promise<unknown>;
  onCancel?: () => void;
  readOnly?: boolean;
}

const FIELDS: {
  field: DraftField;
  label: MessageKey;
  type: 'text' | 'color' | 'number' | 'textarea';
}[] = [
  { field: 'name', label: 'optionsName', type: 'text' },
  { field: 'shortName', label: 'optionsShortName', type: 'text' },
  { field: 'handle', label: 'optionsHandle', type: 'text' },
  { field: 'color', label: 'optionsColor', type: 'color' },
  { field: 'slaHours', label: 'optionsSlaHours', type: 'number' },
  { field: 'keywords', label: 'optionsKeywords', type: 'textarea' },
];

function DepartmentForm(props: FormProps) {
  const { department, departments } = props;
  const id = department?.id ?? '';
  const stored = department ? draftOf(department) : NEW_DRAFT;
  const [draft, setDraft] = useStoredDraft(stored);
  const [errors, setErrors] = useState<Partial<Record<DraftField, FieldError>>>({});
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const { confirming, setConfirming, removing, rowRef, removeRef, yesRef } = useRemoveConfirm();
  const [busy, setBusy] = useState(false);
  const label = department?.shortName ?? t('optionsNewDepartment');
  const domId = `department-${id || 'new'}`;

  async function run(action: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setMessage(undefined);
    try {
      await action();
      if (done) setMessage({ text: done, error: false });
    } catch (error) {
      const inUse = error instanceof TanggapError && error.code === 'department-in-use';
      setMessage({
        text: inUse
          ? t('optionsRemoveInUse', department?.name ?? '', error.data?.count ?? '?')
          : t('optionsSaveFailed', errorWords(error)),
        error: true,
      });
    } finally {
      setBusy(false);
    }
  }

  function save(event: Event) {
    event.preventDefault();
    const result = checkDraft(draft, id, departments);
    if (result.errors) {
      setErrors(result.errors);
      setMessage({ text: t('optionsFixErrors'), error: true });
      return;
    }
    setErrors({});
    void run(() => props.onSave(result.department), t('optionsSaved'));
  }

  async function move(delta: -1 | 1) {
    await run(() => props.onMove!(id, delta));
    // The row moved in the list: keep the keyboard where it was.
    requestAnimationFrame(() => document.getElementById(`${domId}-move-${delta}`)?.focus());
  }

  return (
    <li
      ref={rowRef}
      data-department-id={department ? id : undefined}
      data-new-department={!department || undefined}
    >
      <form class="department" onSubmit={save} noValidate aria-labelledby={`${domId}-title`}>
        <h3 id={`${domId}-title`}>
          {department && (
            <span class="chip" style={{ backgroundColor: department.color }}>
              {department.shortName}
            </span>
          )}{' '}
          {department?.name ?? t('optionsNewDepartment')}
        </h3>
        <div class="fields">
          {FIELDS.map(({ field, label: fieldLabel, type }) => {
            const error = errors[field];
            const inputId = `${domId}-${field}`;
            const common = {
              id: inputId,
              name: field,
              value: draft[field],
              disabled: props.readOnly,
              'aria-invalid': error ? true : undefined,
              'aria-describedby': error ? `${inputId}-error` : undefined,
              onInput: (e: Event) =>
                setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value }),
            };
            return (
              <div class={`field field-${field}`} key={field}>
                <label for={inputId}>{t(fieldLabel)}</label>
                {type === 'textarea' ? (
                  <textarea rows={3} {...common} />
                ) : type === 'number' ? (
                  <input type="number" min={1} max={720} step={1} {...common} />
                ) : type === 'color' ? (
                  <>
                    <input type="color" {...common} />
                    <ChipPreview color={draft.color} label={draft.shortName.trim() || label} />
                  </>
                ) : (
                  <input
                    type="text"
                    autocomplete="off"
                    spellcheck={field !== 'handle'}
                    {...common}
                  />
                )}
                {error && (
                  <p class="field-error" id={`${inputId}-error`}>
                    {t(error.key, ...error.subs)}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        <div class="actions">
          {!props.readOnly && (
            <button type="submit" disabled={busy}>
              {t('optionsSaveDepartment', label)}
            </button>
          )}
          {department && props.onMove && (
            <>
              <button
                type="button"
                id={`${domId}-move--1`}
                disabled={busy || props.first}
                aria-label={t('optionsMoveUp', label)}
                title={t('optionsMoveUp', label)}
                onClick={() => void move(-1)}
              >
                ↑
              </button>
              <button
                type="button"
                id={`${domId}-move-1`}
                disabled={busy || props.last}
                aria-label={t('optionsMoveDown', label)}
                title={t('optionsMoveDown', label)}
                onClick={() => void move(1)}
              >
                ↓
              </button>
            </>
          )}
          {department && props.onRemove && !confirming && (
            <button
              type="button"
              class="danger"
              ref={removeRef}
              onClick={() => setConfirming(true)}
            >
              {t('optionsRemove', label)}
            </button>
          )}
          {!department && props.onCancel && (
            <button type="button" onClick={props.onCancel}>
              {t('optionsCancel')}
            </button>
          )}
        </div>
        {confirming && (
          <RemoveConfirm
            question={t('optionsRemoveConfirm', label)}
            yes={t('optionsRemoveYes')}
            cancel={t('optionsCancel')}
            yesRef={yesRef}
            onYes={() => {
              removing();
              setConfirming(false);
              void run(() => props.onRemove!(id));
            }}
            onCancel={() => setConfirming(false)}
          />
        )}
        <FormMessage message={message} />
      </form>
    </li>
  );
}
