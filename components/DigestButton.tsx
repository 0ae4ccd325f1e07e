import { useState } from 'preact/hooks';
import { t } from '../utils/i18n/i18n';

interface Props {
  /** The digest, from the background. */
  load: () => Promise<{ text: string; overdue: number }>;
  /** Puts the text on the clipboard (the browser's, by default). */
  copy?: (text: string) => Promise<void>;
}

const writeClipboard = (text: string) => navigator.clipboard.writeText(text);

/**
 * Copies the escalation digest (overdue items by department, in Indonesian) to paste into a
 * message to the chain of command, and says so where a screen reader hears it.
 */
export function DigestButton({ load, copy = writeClipboard }: Props) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string }>();

  const onClick = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const { text, overdue } = await load();
      await copy(text);
      setResult({
        ok: true,
        message: overdue > 0 ? t('digestCopied', overdue) : t('digestNothing'),
      });
    } catch (error) {
      setResult({ ok: false, message: t('digestFailed', (error as Error).message) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="digest">
      <button
        type="button"
        class="digest-button"
        data-action="copy-digest"
        disabled={busy}
        onClick={() => void onClick()}
      >
        {t('digestCopy')}
      </button>
      <p class={result?.ok === false ? 'digest-result error' : 'digest-result'} role="status">
        {result?.message}
      </p>
    </div>
  );
}
