import { hydrate, render } from 'preact';
import { startWithCatalog, type Catalog } from './api/catalog';
import { App, loadPublicPage } from './app';
import { prepareNumberFormats } from './i18n/format';
import { applyLocale, LANGUAGE_PARAM, locale } from './i18n/i18n';
import { registerServiceWorker } from './offline/register';
import { resumeWaitingMessages } from './offline/waiting-messages';
import { startRealtime } from './realtime/realtime';
import { loadMe, signedIn } from './session/session';
import { readInitialData } from './ssr/initial-data';
import './styles.css';

const root = document.getElementById('app')!;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A page the server drew (a public page on a first visit) is taken over by the first render
 * once its screen's chunk is here, with the data it was drawn with: render() reuses the
 * server's elements, so nothing disappears or moves (the page's largest paint stays the
 * server's). Someone who chose English gets it from the first paint (its catalog is fetched first).
 */
async function start(): Promise<void> {
  // The language the switch's form asked for (?lang=en, before this script ran) is kept by
  // applyLocale from now on: the address no longer needs it.
  const address = new URL(location.href);
  if (address.searchParams.has(LANGUAGE_PARAM)) {
    address.searchParams.delete(LANGUAGE_PARAM);
    history.replaceState(history.state, '', address);
  }
  const drawn = readInitialData();
  if (drawn?.catalog) startWithCatalog(drawn.catalog as Catalog);
  await Promise.all([applyLocale(locale.value), drawn ? loadPublicPage(location.pathname).catch(() => false) : undefined]);
  // Drawn in the language and for the signed-out visitor the browser would draw: hydrate()
  // attaches to the server's elements without re-checking each one (a long task on a slow
  // phone otherwise). Anything else differs from what the server drew: render() reuses and
  // corrects its elements.
  const same = drawn && document.documentElement.lang === locale.value && !signedIn.value;
  // The takeover in tasks of their own, not the one that ran this module: shorter tasks
  // instead of one long one that keeps a tap from being answered.
  if (drawn) {
    await nextTask();
    prepareNumberFormats();
    await nextTask();
  }
  if (same) hydrate(<App />, root);
  else render(<App />, root);
  // Until here a server-drawn page's buttons do nothing (its links and the language form
  // work); the browser tests wait for this.
  document.documentElement.dataset.app = 'ready';
}

void start();
void loadMe();
registerServiceWorker();
// After the first render: the socket's library is loaded only for someone signed in.
startRealtime();
resumeWaitingMessages();
