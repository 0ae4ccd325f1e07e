import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from './PopupApp';

document.documentElement.lang = browser.i18n.getUILanguage();
render(<PopupApp />, document.getElementById('app')!);
