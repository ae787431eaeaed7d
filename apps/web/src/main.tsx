import { render } from 'preact';
import { App } from './app';
import { applyLocale, locale } from './i18n/i18n';
import { registerServiceWorker } from './offline/register';
import { loadMe } from './session/session';
import './styles.css';

applyLocale(locale.value);
render(<App />, document.getElementById('app')!);
void loadMe();
registerServiceWorker();
