import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { expect, PASSWORD, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

// A conversation opened by someone signed in is drawn by the server from the session's
// cookie (apps/api/src/server-render.ts), so on a slow link it shows before any script has
// arrived; the script then takes it over with the data it was drawn with. Without a usable
// cookie, or for someone who is not in the conversation, the browser draws it as before.

const KHMER = 'សួស្តី តើក្បឿង ៤០០០០ សន្លឹក ដឹកទៅភ្នំពេញបានទេ?';
const ENGLISH = 'Yes, we can deliver to Phnom Penh on Friday.';
const COOKIE = 'psar.access';

async function post<T>(request: APIRequestContext, account: Account, path: string, data: unknown): Promise<T> {
  const response = await request.post(`/api/v1${path}`, { headers: { Authorization: `Bearer ${account.token}` }, data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** A buyer and a seller of two organizations, a conversation between them with one message each, and a third firm's person. */
async function makeConversation(request: APIRequestContext) {
  const tag = Math.random().toString(36).slice(2, 7);
  const buyer = await registerViaApi(request, `Dara Builder ${tag}`);
  const seller = await registerViaApi(request, `Sokha Kiln ${tag}`);
  const outsider = await registerViaApi(request, `Vannak Trader ${tag}`);
  await post(request, buyer, '/organizations', { name: `Mekong Build ${tag}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
  const sellerOrg = await post<{ id: string; name: string }>(request, seller, '/organizations', {
    name: `Takeo Roof Tiles ${tag}`,
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-21',
  });
  await post(request, outsider, '/organizations', { name: `Kampot Traders ${tag}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-7' });
  const subject = `ក្បឿងដីឥដ្ឋ ${tag}`;
  const conversation = await post<{ id: string }>(request, buyer, '/conversations', { participants: [{ organizationId: sellerOrg.id }], subject });
  await post(request, buyer, `/conversations/${conversation.id}/messages`, { body: KHMER, clientMessageId: `drawn-${tag}-1` });
  await post(request, seller, `/conversations/${conversation.id}/messages`, { body: ENGLISH, clientMessageId: `drawn-${tag}-2` });
  return { buyer, seller, outsider, sellerOrg, subject, id: conversation.id, tag };
}

type ContextOptions = NonNullable<Parameters<Browser['newContext']>[0]>;

/** Another phone like the test's own (360×640, Khmer, touch). */
async function phone(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const use = test.info().project.use;
  return browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale, ...options });
}

/**
 * A phone that signed in on the sign-in screen earlier and opens the app again: what that
 * visit kept (the session, its cookie), but not yet the service worker, which would serve
 * the plain page from its cache (the installed app's way, not the server's drawing).
 */
async function returningPhone(browser: Browser, account: Account, options: ContextOptions = {}): Promise<BrowserContext> {
  const first = await phone(browser, { serviceWorkers: 'block' });
  const page = await first.newPage();
  await signInOnPage(page, account);
  const storageState = await first.storageState();
  await first.close();
  return phone(browser, { storageState, ...options });
}

function isDrawn(html: string): boolean {
  return html.includes('id="psar-data"') && !html.includes('<div id="app"></div>');
}

/** Records the app's requests for this conversation, and when the socket first opened, in order. */
function watchConversation(page: Page, id: string): string[] {
  const seen: string[] = [];
  page.on('websocket', () => seen.push('socket'));
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(`/api/v1/conversations/${id}`)) seen.push(`${r.method()} ${path.slice(`/api/v1/conversations/${id}`.length) || '/'}`);
  });
  return seen;
}

test('with no script at all, a signed-in person sees their conversation, in Khmer or English, and the page is theirs alone', async ({ browser, request }) => {
  const c = await makeConversation(request);
  // Signed in on the sign-in screen before: the app keeps the access token in a cookie for the server too.
  const context = await returningPhone(browser, c.buyer, { javaScriptEnabled: false });
  const cookie = (await context.cookies()).find((k) => k.name === COOKIE);
  expect(cookie).toMatchObject({ sameSite: 'Strict', path: '/', httpOnly: false, value: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(60);
  const noScript = await context.newPage();
  const response = await noScript.goto(`/messages/${c.id}`);
  const headers = response!.headers();
  expect(headers['cache-control']).toBe('private, no-store');
  expect(headers['vary']).toContain('Cookie');
  expect(headers['content-security-policy']).not.toContain('unsafe-inline');

  await expect(noScript.getByRole('heading', { level: 1, name: c.subject })).toBeVisible();
  await expect(noScript.getByText(`ជាមួយ ${c.sellerOrg.name}`)).toBeVisible();
  const history = noScript.getByRole('list', { name: 'សារក្នុងការសន្ទនានេះ' });
  await expect(history.getByText(KHMER)).toBeVisible();
  await expect(history.getByText(ENGLISH)).toBeVisible();
  // The header is the signed-in one (their own pages, their messages), not "sign in".
  const nav = noScript.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'របស់ខ្ញុំ' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'ចូល', exact: true })).toHaveCount(0);
  await expect(noScript.getByRole('textbox', { name: 'សាររបស់អ្នក' })).toBeVisible();
  await screenshot(noScript, 'conversation-drawn-km');

  // The language switch (a plain form) draws the same conversation in English.
  await noScript.getByRole('button', { name: 'English' }).click();
  await expect(noScript.locator('html')).toHaveAttribute('lang', 'en');
  await expect(noScript.getByRole('link', { name: 'All messages' })).toBeVisible();
  const inEnglish = noScript.getByRole('list', { name: 'Messages in this conversation' });
  await expect(inEnglish.getByText(KHMER)).toBeVisible();
  await expect(inEnglish.getByText(ENGLISH)).toBeVisible();
  await context.close();
});

test('the script takes the drawn conversation over without asking for it again, signed in throughout, and it then works live', async ({ browser, request }) => {
  const c = await makeConversation(request);
  const context = await returningPhone(browser, c.buyer);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  const seen = watchConversation(page, c.id);

  // Hold the app's script until the drawn page has been looked at, then let it run.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const answer = page.goto(`/messages/${c.id}`);
  const khmer = page.getByText(KHMER);
  await expect(khmer).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'របស់ខ្ញុំ' })).toBeVisible();
  // An expando property: it survives only if the script keeps the server's element. And a
  // watch for the header's "sign in" link, which must never show during the takeover.
  await khmer.evaluate((element) => ((element as HTMLElement & { drawnByServer?: boolean }).drawnByServer = true));
  await page.evaluate(() => {
    const w = window as Window & { signedOutSeen?: boolean };
    w.signedOutSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('header a[href="/sign-in"]')) w.signedOutSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  release();
  const response = await answer;
  expect(response!.headers()['cache-control']).toBe('private, no-store');
  await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
  await expect(page.getByRole('button', { name: 'ផ្ញើ' })).toBeVisible();

  // The takeover asked for none of it: the conversation never; its newest messages and who
  // read them only once the socket was up (what came between the drawing and then).
  await expect.poll(() => seen.includes('socket')).toBe(true);
  expect(await khmer.evaluate((element) => (element as HTMLElement & { drawnByServer?: boolean }).drawnByServer)).toBe(true);
  expect(await page.evaluate(() => (window as Window & { signedOutSeen?: boolean }).signedOutSeen)).toBe(false);
  const socketAt = seen.indexOf('socket');
  const gets = seen.filter((s) => s.startsWith('GET '));
  expect(gets).not.toContain('GET /');
  for (const get of gets) expect(seen.indexOf(get), `${get} before the socket: ${seen.join(', ')}`).toBeGreaterThan(socketAt);

  // Live from here: the seller's reply arrives, and a message written here is sent.
  const reply = `បាទ នៅសល់ ៣០០០០ សន្លឹក ${c.tag}`;
  await post(request, c.seller, `/conversations/${c.id}/messages`, { body: reply, clientMessageId: `drawn-${c.tag}-3` });
  await expect(page.getByText(reply)).toBeVisible();
  const mine = `អរគុណ ខ្ញុំនឹងហៅទៅ ${c.tag}`;
  await page.getByRole('textbox', { name: 'សាររបស់អ្នក' }).fill(mine);
  await page.getByRole('button', { name: 'ផ្ញើ' }).click();
  await expect.poll(async () => {
    const stored = await request.get(`/api/v1/conversations/${c.id}/messages?limit=10`, { headers: { Authorization: `Bearer ${c.seller.token}` } });
    return ((await stored.json()) as { items: Array<{ body: string }> }).items.map((m) => m.body);
  }).toContain(mine);
  expect(problems).toEqual([]);
  // The service worker keeps the app's files and data, never a page drawn for someone.
  const kept = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)))).flat());
  expect(kept.filter((url) => new URL(url).pathname.startsWith('/messages/'))).toEqual([]);
  await context.close();
});

test('no cookie, a refused token or someone outside the conversation get the plain page, and the app still works', async ({ browser, request }) => {
  const c = await makeConversation(request);
  const path = `/messages/${c.id}`;
  const shell = async (cookie: string | undefined) => {
    const response = await request.get(path, { headers: cookie ? { cookie } : {} });
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(isDrawn(html), cookie).toBe(false);
    expect(html).not.toContain(KHMER);
    expect(html).not.toContain(ENGLISH);
    // The screen's chunk is named, so it loads beside the app's script, not after it.
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/conversation-page-[\w-]+\.js">/);
    expect(response.headers()['vary']).toContain('Cookie');
    return response;
  };
  await shell(undefined);
  // A token whose signature is wrong.
  const [head, body] = c.buyer.token.split('.');
  await shell(`${COOKIE}=${head}.${body}.c2lnbmF0dXJlLW5vdC1tYWRlLWJ5LXBzYXI`);
  // Someone of another organization with a good token: the API says 404, never their messages.
  await shell(`${COOKIE}=${c.outsider.token}`);
  // The person in the conversation: drawn, for them alone.
  const drawn = await request.get(path, { headers: { cookie: `${COOKIE}=${c.buyer.token}` } });
  const drawnHtml = await drawn.text();
  expect(isDrawn(drawnHtml)).toBe(true);
  expect(drawnHtml).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/conversation-page-[\w-]+\.js" fetchpriority="low">/);
  expect(drawn.headers()['cache-control']).toBe('private, no-store');
  // The build's manifest, which names the chunks, is the server's alone.
  expect((await request.get('/.vite/manifest.json')).status()).toBe(404);

  // A phone with no session: the plain page sends them to sign in, then to the conversation.
  const fresh = await phone(browser, { serviceWorkers: 'block' });
  const visitor = await fresh.newPage();
  await visitor.goto(path);
  await visitor.waitForURL(/\/sign-in/);
  await visitor.getByLabel('លេខទូរស័ព្ទ').fill(c.buyer.phone);
  await visitor.getByLabel('ពាក្យសម្ងាត់').fill(PASSWORD);
  await visitor.getByRole('button', { name: 'ចូល', exact: true }).click();
  await visitor.waitForURL(`**${path}`);
  await expect(visitor.getByText(KHMER)).toBeVisible();
  await expect(visitor.getByText(ENGLISH)).toBeVisible();
  await fresh.close();

  // Signed in, but the cookie now holds a refused token: the plain page, drawn by the browser
  // from the session it keeps; and the app writes the cookie again, so the next visit is drawn.
  const context = await returningPhone(browser, c.buyer, { serviceWorkers: 'block' });
  await context.addCookies([{ name: COOKIE, value: `${head}.${body}.bm90LWEtc2lnbmF0dXJl`, url: test.info().project.use.baseURL! }]);
  const page = await context.newPage();
  const plain = await page.goto(path);
  expect(isDrawn(await plain!.text())).toBe(false);
  await expect(page.getByText(KHMER)).toBeVisible();
  await expect(page.getByText(ENGLISH)).toBeVisible();
  const again = await page.goto(path);
  expect(isDrawn(await again!.text())).toBe(true);
  await expect(page.getByText(ENGLISH)).toBeVisible();

  // Signed out: the cookie goes with the session, and the page is the plain one again.
  await page.goto('/my');
  await page.getByRole('button', { name: 'ចាកចេញ' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect.poll(async () => (await context.cookies()).find((k) => k.name === COOKIE)).toBeUndefined();
  await shell((await context.cookies()).map((k) => `${k.name}=${k.value}`).join('; ') || undefined);
  await context.close();
});
