import { render } from 'preact';
import { uiLanguage } from '../../utils/i18n';
import { PopupApp } from './PopupApp';

document.documentElement.lang = uiLanguage();
render(<PopupApp />, document.getElementById('app')!);
