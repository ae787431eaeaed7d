import { render } from 'preact';
import { App } from './app';
import { applyLocale, locale } from './i18n/i18n';
import { registerServiceWorker } from './offline/register';
import { startRealtime } from './realtime/realtime';
import { loadMe } from './session/session';
import './styles.css';

// Someone who chose English gets it from the first paint (its catalog is fetched first).
void applyLocale(locale.value).finally(() => render(<App />, document.getElementById('app')!));
void loadMe();
registerServiceWorker();
// After the first render: the socket's library is loaded only for someone signed in.
startRealtime();
