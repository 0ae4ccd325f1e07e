import { t } from '../utils/i18n/i18n';

/**
 * The chip as it will look on X's light and dark themes, beside a colour field: the officer
 * sees at once a colour that fades into the dark theme (which then shows the chip's outline).
 */
export function ChipPreview({ color, label }: { color: string; label: string }) {
  const valid = /^#[0-9a-fA-F]{6}$/.test(color);
  return (
    <div class="chip-preview" role="group" aria-label={t('optionsColorPreview')}>
      {(['light', 'dark'] as const).map((theme) => (
        <span key={theme} class="chip-preview-theme" data-theme={theme}>
          <span class="chip" style={valid ? { backgroundColor: color } : undefined}>
            {label}
          </span>
        </span>
      ))}
    </div>
  );
}
