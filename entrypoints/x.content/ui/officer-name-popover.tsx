/** The name step on X's page, opened where the officer acted (a chip, an actions button). */
import { OfficerNamePrompt } from '../../../components/OfficerNamePrompt';
import { OFFICER_NAME_CSS } from '../../../components/officer-name-styles';
import { t } from '../../../utils/i18n/i18n';
import type { PopoverKind, Popovers } from './popovers';

const OFFICER_NAME: PopoverKind = {
  tagName: 'tanggap-officer-name',
  css: OFFICER_NAME_CSS,
  width: 300,
  height: 240,
};

/** Asks the name; true once `save` has stored it, false when it closes without one. */
export function askOfficerName(
  popovers: Popovers,
  anchor: HTMLElement,
  save: (name: string) => Promise<void>,
): Promise<boolean> {
  return new Promise((resolve) => {
    popovers.open({
      kind: OFFICER_NAME,
      anchor,
      content: (close) => (
        <div role="dialog" aria-label={t('officerNameTitle')}>
          <OfficerNamePrompt
            onSave={async (name) => {
              await save(name);
              resolve(true);
              close();
            }}
            onCancel={close}
          />
        </div>
      ),
      // However it closes unsaved (cancel, a click outside, a scroll, another popover): no name.
      onClose: () => resolve(false),
    });
  });
}
