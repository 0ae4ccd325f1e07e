import { render } from 'preact';
import { uiLanguage } from '../../utils/i18n/i18n';
import { keepLive } from '../../utils/messaging/live-port';
import { PopupApp } from './PopupApp';

document.documentElement.lang = uiLanguage();
render(<PopupApp />, document.getElementById('app')!);
// Live team updates while the popup is open; its port closes with it.
keepLive();
