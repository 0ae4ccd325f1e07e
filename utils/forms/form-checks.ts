/**
 * The options page's field checks, shared by the department, programme and settings forms.
 * Each returns the message key of the officer's words (translated where it is shown, so a
 * change of language re-words an error already on screen), never English text.
 */
import { contrastWithWhite, MIN_CONTRAST, normaliseKeywords } from '../domain/directory';
import type { MessageKey } from '../i18n/i18n';

/** A message key of the locale files with its substitutions. */
export interface FieldError {
  key: MessageKey;
  subs: string[];
}

export const fieldError = (key: MessageKey, ...subs: string[]): FieldError => ({ key, subs });

export function checkRequiredText(value: string, max: number): FieldError | undefined {
  const trimmed = value.trim();
  if (!trimmed) return fieldError('optionsErrorRequired');
  if (trimmed.length > max) return fieldError('optionsErrorTooLong', String(max));
  return undefined;
}

/** A `#rrggbb` colour on which the chip's white text stays readable. */
export function checkColor(color: string): FieldError | undefined {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) return fieldError('optionsErrorColor');
  const ratio = contrastWithWhite(color);
  // Rounded down, so that "4.5" is never shown for a colour that fails 4.5.
  if (ratio < MIN_CONTRAST) return fieldError('optionsErrorContrast', floorTenth(ratio));
  return undefined;
}

const floorTenth = (x: number) => (Math.floor(x * 10) / 10).toFixed(1);

/** Keywords typed one per line or comma; `required` refuses an empty list. */
export function checkKeywords(
  value: string,
  { required = false } = {},
): { keywords: string[]; error?: undefined } | { keywords?: undefined; error: FieldError } {
  let keywords: string[];
  try {
    keywords = normaliseKeywords(value, 'keywords');
  } catch {
    return { error: fieldError('optionsErrorKeywords') };
  }
  if (required && keywords.length === 0) return { error: fieldError('optionsErrorRequired') };
  return { keywords };
}
