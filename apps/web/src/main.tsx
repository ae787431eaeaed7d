import { hydrate, render } from 'preact';
import { startWithCatalog, type Catalog } from './api/catalog';
import type { Me } from './api/types';
import { App, loadServerDrawnPage } from './app';
import { applyLocale, LANGUAGE_PARAM, locale } from './i18n/i18n';
import { registerServiceWorker } from './offline/register';
import { resumeWaitingMessages } from './offline/waiting-messages';
import { startRealtime } from './realtime/realtime';
import { loadMe, me } from './session/session';
import { storedSession } from './session/tokens';
import { forgetInitialData, ME_KEY, readInitialData } from './ssr/initial-data';
import './styles.css';

const root = document.getElementById('app')!;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A page the server drew (a public page on a first visit, or a conversation for the person
 * signed in) is taken over by the first render once its screen's chunk is here, with the
 * data it was drawn with: render() reuses the server's elements, so nothing disappears or
 * moves (the page's largest paint stays the server's). Someone who chose English gets it from the first paint (its catalog is fetched first).
 */
async function start(): Promise<void> {
  // The language the switch's form asked for (?lang=en, before this script ran) is kept by
  // applyLocale from now on: the address no longer needs it.
  const address = new URL(location.href);
  if (address.searchParams.has(LANGUAGE_PARAM)) {
    address.searchParams.delete(LANGUAGE_PARAM);
    history.replaceState(history.state, '', address);
  }
  let drawn = readInitialData();
  // Drawn for the person signed in here: known from the first render, so the header and
  // which messages are theirs are drawn as the server drew them, never signed out first.
  // Drawn for someone else (a cookie this phone no longer matches): that data is not theirs.
  const drawnFor = drawn?.[ME_KEY] as Me | undefined;
  const userHere = storedSession.value?.userId ?? null;
  if (drawnFor && drawnFor.user.id !== userHere) {
    forgetInitialData();
    drawn = null;
  } else if (drawnFor) {
    me.value = drawnFor;
  }
  if (drawn?.catalog) startWithCatalog(drawn.catalog as Catalog);
  await Promise.all([applyLocale(locale.value), drawn ? loadServerDrawnPage(location.pathname, userHere !== null).catch(() => false) : undefined]);
  // Drawn in the language and for the visitor (signed out, or this person) the browser would
  // draw: hydrate() attaches to the server's elements without re-checking each one (a long
  // task on a slow phone otherwise). Anything else differs from what the server drew:
  // render() reuses and corrects its elements.
  const same = drawn && document.documentElement.lang === locale.value && (drawnFor !== undefined || userHere === null);
  // The takeover in a task of its own, not the one that ran this module: shorter tasks
  // instead of one long one that keeps a tap from being answered.
  if (drawn) await nextTask();
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
