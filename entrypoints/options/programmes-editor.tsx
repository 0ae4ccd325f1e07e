/**
 * The options page's programme section: list, add, change and remove programmes. It talks to
 * the background itself (the options page mounts it without props); the forms' fields are
 * named after the programme's fields (`name`, `shortName`, `color`, `keywords`, `active`).
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  checkColor,
  checkKeywords,
  checkRequiredText,
  type FieldError,
} from '../../utils/forms/form-checks';
import { t } from '../../utils/i18n/i18n';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import { MAX_PROGRAMME_NAME } from '../../utils/domain/programmes';
import type { Programme } from '../../utils/domain/types';
import { ChipPreview } from '../../components/ChipPreview';
import { FormMessage } from '../../components/FormMessage';
import { RemoveConfirm } from '../../components/RemoveConfirm';
import { useRemoveConfirm } from '../../components/use-remove-confirm';
import { useStoredDraft } from '../../components/use-stored-draft';

interface Draft {
  name: string;
  shortName: string;
  color: string;
  keywords: string;
  active: boolean;
}

type Field = 'name' | 'color' | 'keywords';

const NEW_DRAFT: Draft = { name: '', shortName: '', color: '#0b6e4f', keywords: '', active: true };

const draftOf = (p: Programme): Draft => ({
  name: p.name,
  shortName: p.shortName ?? '',
  color: p.color ?? '#0b6e4f',
  keywords: p.keywords.join('\n'),
  active: p.active,
});

/** The officer's draft as a programme, or what is wrong with each field. */
export function checkProgrammeDraft(
  draft: Draft,
  id: string | undefined,
):
  | { programme: Omit<Programme, 'id'> & { id?: string } }
  | { errors: Partial<Record<Field, FieldError>> } {
  const errors: Partial<Record<Field, FieldError>> = {};
  const name = checkRequiredText(draft.name, MAX_PROGRAMME_NAME);
  if (name) errors.name = name;
  const checked = checkKeywords(draft.keywords, { required: true });
  if (checked.error) errors.keywords = checked.error;
  const color = checkColor(draft.color);
  if (color) errors.color = color;
  const keywords = checked.keywords ?? [];
  if (Object.keys(errors).length > 0) return { errors };
  return {
    programme: {
      ...(id ? { id } : {}),
      name: draft.name.trim(),
      shortName: draft.shortName.trim(),
      color: draft.color,
      keywords,
      active: draft.active,
    },
  };
}

type Send = typeof sendToBackground;

/** `send` is for tests; the options page mounts it without props. */
export function ProgrammesEditor({ send = sendToBackground }: { send?: Send } = {}) {
  const [programmes, setProgrammes] = useState<Programme[]>();
  const [loadError, setLoadError] = useState<string>();
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    send('listProgrammes', {})
      .then(setProgrammes)
      .catch((e: unknown) => setLoadError((e as Error).message));
    return onBroadcast('programmesChanged', ({ programmes: list }) => setProgrammes(list));
  }, []);

  return (
    <section class="programmes" aria-labelledby="programmes-title">
      <h2 id="programmes-title">{t('programmesTitle')}</h2>
      <p class="help">{t('programmesIntro')}</p>
      {loadError && (
        <p class="message error" role="alert">
          {t('optionsSaveFailed', loadError)}
        </p>
      )}
      <ol class="departments">
        {programmes?.map((p) => (
          <ProgrammeForm key={p.id} programme={p} send={send} onSaved={setProgrammes} />
        ))}
        {adding && (
          <ProgrammeForm
            send={send}
            onSaved={(list) => {
              setProgrammes(list);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        )}
      </ol>
      {!adding && programmes && (
        <button type="button" class="add" onClick={() => setAdding(true)}>
          {t('programmesAdd')}
        </button>
      )}
    </section>
  );
}

function ProgrammeForm({
  programme,
  send,
  onSaved,
  onCancel,
}: {
  programme?: Programme;
  send: Send;
  onSaved: (list: Programme[]) => void;
  onCancel?: () => void;
}) {
  const stored = programme ? draftOf(programme) : NEW_DRAFT;
  const [draft, setDraft] = useStoredDraft(stored);
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const { confirming, setConfirming, removing, rowRef, removeRef, yesRef } = useRemoveConfirm();
  const [busy, setBusy] = useState(false);
  const domId = `programme-${programme?.id ?? 'new'}`;
  const label = programme ? programme.shortName || programme.name : t('programmesAdd');

  async function run(action: () => Promise<Programme[]>, done: string) {
    setBusy(true);
    setMessage(undefined);
    try {
      const list = await action();
      setMessage({ text: done, error: false });
      onSaved(list);
    } catch (error) {
      setMessage({ text: t('optionsSaveFailed', (error as Error).message), error: true });
    } finally {
      setBusy(false);
    }
  }

  function save(event: Event) {
    event.preventDefault();
    const result = checkProgrammeDraft(draft, programme?.id);
    if ('errors' in result) {
      setErrors(result.errors);
      setMessage({ text: t('optionsFixErrors'), error: true });
      return;
    }
    setErrors({});
    void run(() => send('saveProgramme', { programme: result.programme }), t('programmesSaved'));
  }

  const field = (name: keyof Draft, labelKey: Parameters<typeof t>[0], input: JSX.Element) => {
    const error = errors[name as Field];
    return (
      <div class={`field field-${name}`}>
        <label for={`${domId}-${name}`}>{t(labelKey)}</label>
        {input}
        {error && (
          <p class="field-error" id={`${domId}-${name}-error`}>
            {t(error.key, ...error.subs)}
          </p>
        )}
      </div>
    );
  };
  const common = (name: Field | 'shortName') => ({
    id: `${domId}-${name}`,
    name,
    value: draft[name],
    'aria-invalid': errors[name as Field] ? true : undefined,
    'aria-describedby': errors[name as Field] ? `${domId}-${name}-error` : undefined,
    onInput: (e: Event) =>
      setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <li ref={rowRef} data-programme-id={programme?.id} data-new-programme={!programme || undefined}>
      <form class="department" onSubmit={save} noValidate aria-labelledby={`${domId}-title`}>
        <h3 id={`${domId}-title`}>
          {programme && (
            <span class="chip" style={{ backgroundColor: programme.color ?? '#536471' }}>
              {label}
            </span>
          )}{' '}
          {programme?.name ?? t('programmesAdd')}
        </h3>
        <div class="fields">
          {field(
            'name',
            'programmesName',
            <input type="text" autocomplete="off" {...common('name')} />,
          )}
          {field(
            'shortName',
            'programmesShortName',
            <input type="text" autocomplete="off" maxLength={24} {...common('shortName')} />,
          )}
          {field(
            'color',
            'programmesColor',
            <>
              <input type="color" {...common('color')} />
              <ChipPreview
                color={draft.color}
                label={draft.shortName.trim() || draft.name.trim() || label}
              />
            </>,
          )}
          {field('keywords', 'programmesKeywords', <textarea rows={3} {...common('keywords')} />)}
          <div class="field field-active">
            <label class="choice">
              <input
                type="checkbox"
                name="active"
                checked={draft.active}
                onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
              />{' '}
              {t('programmesActive')}
            </label>
          </div>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('programmesSave')}
          </button>
          {programme && !confirming && (
            <button
              type="button"
              class="danger"
              ref={removeRef}
              onClick={() => setConfirming(true)}
            >
              {t('programmesRemove', label)}
            </button>
          )}
          {!programme && onCancel && (
            <button type="button" onClick={onCancel}>
              {t('optionsCancel')}
            </button>
          )}
        </div>
        {programme && confirming && (
          <RemoveConfirm
            question={t('programmesRemoveConfirm', label)}
            yes={t('optionsRemoveYes')}
            cancel={t('optionsCancel')}
            yesRef={yesRef}
            onYes={() => {
              removing();
              setConfirming(false);
              void run(() => send('removeProgramme', { id: programme.id }), t('programmesRemoved'));
            }}
            onCancel={() => setConfirming(false)}
          />
        )}
        <FormMessage message={message} />
      </form>
    </li>
  );
}
