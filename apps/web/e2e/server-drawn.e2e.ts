import type { APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { phoneJpeg } from '../../../test/support/images';
import { expect, registerViaApi, screenshot, test } from './support/fixtures';

// The public pages are drawn by the server for a first visit (apps/api/src/server-render.ts),
// so on a slow link they show before any script has arrived; the script then takes them over.

async function makeListing(request: APIRequestContext): Promise<{ id: string; title: string; orgName: string; token: string }> {
  const tag = randomBytes(3).toString('hex');
  const seller = await registerViaApi(request, 'Keo Sophea');
  const auth = { authorization: `Bearer ${seller.token}` };
  const orgName = `Kampong Cham Clay Works ${tag}`;
  const org = await request.post('/api/v1/organizations', {
    headers: auth,
    data: { name: orgName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-3', valueChains: ['clay_tiles_bricks'] },
  });
  expect(org.status(), await org.text()).toBe(201);
  const title = `ក្បឿងដីឥដ្ឋ ថ្នាក់ A ពីកំពង់ចាម ${tag}`;
  const listing = await request.post('/api/v1/listings', {
    headers: auth,
    data: {
      organizationId: (await org.json()).id,
      productCode: 'clay_roof_tile',
      title,
      quantity: '20000',
      unit: 'piece',
      price: { amount: '1200', currency: 'KHR' },
      qualityGrade: 'A',
      provinceCode: 'KH-3',
    },
  });
  expect(listing.status(), await listing.text()).toBe(201);
  return { id: (await listing.json()).id, title, orgName, token: seller.token };
}

test('with no script at all, the public pages show their content, in Khmer or in the language chosen before', async ({ browser, request }) => {
  const listing = await makeListing(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto(`/listings?q=${encodeURIComponent(listing.title)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'ស្វែងរកទំនិញ' })).toBeVisible();
  await expect(page.getByRole('link', { name: listing.title })).toBeVisible();
  await expect(page.getByText(listing.orgName)).toBeVisible();
  await screenshot(page, 'server-drawn-search-km');

  // The language switch works before any script has arrived: a plain form, which the server
  // answers with the same page (the same search) in English, and the choice is kept.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Find products' })).toBeVisible();
  await expect(page.getByRole('link', { name: listing.title })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('q')).toBe(listing.title);
  await page.goto('/prices');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'ខ្មែរ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'តម្លៃទីផ្សារ' })).toBeVisible();
  await page.goto(`/listings?q=${encodeURIComponent(listing.title)}`);

  await page.getByRole('link', { name: listing.title }).click();
  await expect(page).toHaveURL(`/listings/${listing.id}`);
  await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
  // The seller's profile and reviews: two more rounds of data, drawn too.
  await expect(page.getByRole('heading', { name: 'អ្នកលក់' })).toBeVisible();
  await expect(page.getByRole('link', { name: listing.orgName })).toBeVisible();
  await expect(page.getByText(/1,200៛/).first()).toBeVisible();
  await screenshot(page, 'server-drawn-listing-km');

  await page.goto('/prices');
  await expect(page.getByRole('heading', { level: 1, name: 'តម្លៃទីផ្សារ' })).toBeVisible();

  // Someone who chose English before (the app keeps it in a cookie for the server) gets English.
  await context.addCookies([{ name: 'psar.locale', value: 'en', url: page.url() }]);
  await page.goto(`/listings/${listing.id}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Seller' })).toBeVisible();
  await expect(page.getByText('Clay roof tiles').first()).toBeVisible();
  await context.close();
});

test('the script takes the drawn page over without drawing it again or asking for its data again', async ({ page, request }) => {
  const listing = await makeListing(request);
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  const asked: string[] = [];
  page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/v1/listings') && asked.push(r.url()));

  // Hold the app's script until the drawn page has been marked, then let it run.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const url = `/listings?q=${encodeURIComponent(listing.title)}`;
  const answer = page.goto(url);
  const card = page.getByRole('link', { name: listing.title });
  await expect(card).toBeVisible();
  // An expando property: it survives only if the script keeps the server's element.
  await card.evaluate((element) => ((element as HTMLElement & { drawnByServer?: boolean }).drawnByServer = true));
  release();
  const response = await answer;
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toMatch(/style-src 'self' 'sha256-[\w+/=]+'/);
  expect(csp).not.toContain('unsafe-inline');

  // Taken over: the language switch works (a handler the script attached) and the card is the same element.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find products' })).toBeVisible();
  expect(await card.evaluate((element) => (element as HTMLElement & { drawnByServer?: boolean }).drawnByServer)).toBe(true);
  expect(page.url()).not.toContain('lang=');
  expect(asked).toEqual([]);
  expect(problems).toEqual([]);

  // A search typed afterwards asks the API as before.
  await page.getByLabel('Search words').fill('tiles');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => asked.length).toBeGreaterThan(0);
});

test("a listing's main photo comes with the page: its preview shows while the photo itself is still on the way", async ({ browser, request }) => {
  const listing = await makeListing(request);
  const photo = await request.post(`/api/v1/listings/${listing.id}/photos`, {
    headers: { authorization: `Bearer ${listing.token}` },
    multipart: { file: { name: 'tiles.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1200, 900) } },
  });
  expect(photo.status(), await photo.text()).toBe(201);

  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    // The photo files are held back, as on a slow link where they come seconds after the page.
    const files: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/v1\/photos\//, async (route) => {
      files.push(new URL(route.request().url()).pathname);
      await held;
      await route.continue();
    });
    // (Not waiting for `load`: that waits for the photo.)
    await page.goto(`/listings/${listing.id}`, { waitUntil: 'domcontentloaded' });
    await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
    const preview = page.locator('.gallery .photo-preview');
    await expect(preview).toHaveAttribute('src', /^data:image\/webp;base64,/);
    expect(await preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(480);
    // The preview is decorative (the photo itself carries the description) and is not asked for again.
    await expect(preview).toHaveAttribute('aria-hidden', 'true');
    expect(files.some((file) => file.endsWith('/480.webp'))).toBe(false);
    if (javaScriptEnabled) await expect(page.getByRole('button', { name: 'English' })).toBeEnabled();
    await screenshot(page, `server-drawn-listing-preview-${javaScriptEnabled ? 'script' : 'no-script'}`);

    release();
    const main = page.getByRole('img', { name: listing.title });
    await expect.poll(() => main.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    await context.close();
  }
});

test("a listing's main photo that fails to load leaves its preview in sight, and its description on the frame", async ({ browser, request }) => {
  const listing = await makeListing(request);
  const photo = await request.post(`/api/v1/listings/${listing.id}/photos`, {
    headers: { authorization: `Bearer ${listing.token}` },
    multipart: { file: { name: 'tiles.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1200, 900) } },
  });
  expect(photo.status(), await photo.text()).toBe(201);

  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    // The photo's files are gone (a storage outage): every variant answers 404.
    await page.route(/\/api\/v1\/photos\//, (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`/listings/${listing.id}`);
    await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
    await expect(page.locator('.gallery .photo-preview')).toBeVisible();
    const main = page.locator('.gallery .photo img:not(.photo-preview)').first();
    await expect.poll(() => main.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(0);
    // No alt text is painted over the preview.
    expect(await main.evaluate((image) => getComputedStyle(image).color)).toBe('rgba(0, 0, 0, 0)');
    if (javaScriptEnabled) {
      await expect(main).toHaveCSS('visibility', 'hidden');
      await expect(page.getByRole('img', { name: listing.title })).toBeVisible();
    }
    await screenshot(page, `server-drawn-listing-broken-photo-${javaScriptEnabled ? 'script' : 'no-script'}`);
    await context.close();
  }
});

test('pages that need an account, and a listing that does not exist, are left to the browser', async ({ request }) => {
  for (const path of ['/my', '/my/listings/new', '/organizations/new', '/listings/00000000-0000-4000-8000-000000000000']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const html = await response.text();
    expect(html, path).toContain('<div id="app"></div>');
    expect(html, path).not.toContain('id="psar-data"');
  }
});
