import type { APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { phoneJpeg } from '../../../test/support/images';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, test, type Account } from './support/fixtures';


interface World {
  seller: Account;
  sellerOrg: { id: string; name: string };
  buyerOrg: { id: string; name: string };
  listing: { id: string; title: string };
  reviewComment: string;
}

async function post(request: APIRequestContext, token: string, path: string, data: object = {}) {
  const response = await request.post(`/api/v1${path}`, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return response.json();
}

/** A tile firm with a photographed listing in Prey Veng, a buyer, and one completed, reviewed deal. */
async function makeWorld(request: APIRequestContext): Promise<World> {
  const tag = randomBytes(3).toString('hex');
  const seller = await registerViaApi(request, 'Sok Dara');
  const buyer = await registerViaApi(request, 'Chan Vanna');
  const sellerOrg = await post(request, seller.token, '/organizations', {
    name: `Mondulkiri Forest Honey ${tag}`,
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-11',
    valueChains: ['honey'],
  });
  const buyerOrg = await post(request, buyer.token, '/organizations', {
    name: `Mekong Builders ${tag}`,
    kind: 'firm',
    capabilities: ['buy'],
    provinceCode: 'KH-12',
    valueChains: ['honey'],
  });
  const listing = await post(request, seller.token, '/listings', {
    organizationId: sellerOrg.id,
    productCode: 'wild_honey',
    title: `ទឹកឃ្មុំព្រៃមណ្ឌលគិរី ថ្នាក់ A ${tag}`,
    description: 'ទឹកឃ្មុំព្រៃស្រស់ ពីព្រៃសហគមន៍',
    quantity: '500',
    unit: 'litre',
    price: { amount: '41000', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-11',
    location: { lat: 12.45, lng: 107.2 },
    availableUntil: new Date(Date.now() + 60 * 86_400_000).toISOString(),
  });
  const photo = await request.post(`/api/v1/listings/${listing.id}/photos`, {
    headers: { authorization: `Bearer ${seller.token}` },
    multipart: { file: { name: 'kiln.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1200, 900) } },
  });
  expect(photo.status(), await photo.text()).toBe(201);

  // order → accept → deliver → confirm: a completed deal at 41,000៛ a litre, then both sides' reviews.
  // Wild honey in Mondulkiri, so other tests' deals (mostly tiles) leave these market prices alone.
  const offer = await post(request, buyer.token, '/offers', {
    kind: 'order',
    organizationId: buyerOrg.id,
    listingId: listing.id,
    quantity: '50',
    unitPrice: { amount: '41000', currency: 'KHR' },
  });
  const { dealId } = await post(request, seller.token, `/offers/${offer.id}/accept`);
  await post(request, seller.token, `/deals/${dealId}/deliver`);
  await post(request, buyer.token, `/deals/${dealId}/confirm`);
  const reviewComment = 'ទឹកឃ្មុំល្អ ដឹកទាន់ពេល';
  await post(request, buyer.token, `/deals/${dealId}/reviews`, { rating: 5, comment: reviewComment });
  // Reviews are blind until both sides reviewed: the seller reviews back so the buyer's shows.
  await post(request, seller.token, `/deals/${dealId}/reviews`, { rating: 5 });
  return { seller, sellerOrg, buyerOrg, listing: { id: listing.id, title: listing.title }, reviewComment };
}

test.describe('public pages, signed out', () => {
  // One world of data for all: the figures (deals, median) are then exact.
  test.describe.configure({ mode: 'serial' });
  let world: World;

  test.beforeAll(async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: process.env.PSAR_WEB_URL });
    world = await makeWorld(request);
    await request.dispose();
  });

  test('search by Khmer text and by product and province filters finds the listing, with its photo', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'តើអ្នកកំពុងរកអ្វី?' }).fill('ទឹកឃ្មុំព្រៃមណ្ឌលគិរី');
    await page.getByRole('button', { name: 'ស្វែងរក' }).click();
    await expect(page).toHaveURL(/\/listings\?q=/);
    await expect(page.getByRole('heading', { level: 1, name: 'ស្វែងរកទំនិញ' })).toBeVisible();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: world.listing.title }) });
    await expect(card).toBeVisible();
    await expect(card).toContainText('41,000៛ ក្នុងមួយលីត្រ');
    await expect(card).toContainText(world.sellerOrg.name);

    // The cover photo: its placeholder drawn, the image at the width the screen needs. The
    // first card is on screen when the page opens, so its photo loads at once (later cards' lazily).
    await expect(page.getByRole('listitem').first()).toContainText(world.listing.title);
    const img = card.getByRole('img', { name: world.listing.title });
    await expect(img).toHaveAttribute('loading', 'eager');
    await expect(img).toHaveAttribute('srcset', /320\.webp 320w, .*800\.webp 800w, .*1600\.webp 1600w/);
    // On a phone the photo is a thumbnail beside the words: the 320 px variant, not the 800 px one.
    await expect(img).toHaveAttribute('sizes', /, 112px$/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await img.evaluate((el: HTMLImageElement) => el.currentSrc)).toMatch(/\/320\.webp$/);
    const placeholderPainted = await card.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(placeholderPainted).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'public-search-km');

    // Filters: product and province (no text), kept in the URL; Back returns to the text search.
    await page.getByRole('searchbox', { name: 'ពាក្យស្វែងរក' }).fill('');
    await page.getByLabel('ផលិតផល', { exact: true }).selectOption('wild_honey');
    await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-11');
    await page.getByRole('button', { name: 'ស្វែងរក', exact: true }).click();
    await expect(page).toHaveURL(/product=wild_honey/);
    await expect(page).toHaveURL(/province=KH-11/);
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();
    await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-12');
    await page.getByRole('button', { name: 'ស្វែងរក', exact: true }).click();
    await expect(page.getByText('រកមិនឃើញទំនិញទេ។ សូមសាកល្បងតម្រងផ្សេង។')).toBeVisible();
    await page.goBack();
    await expect(page.getByLabel('ខេត្ត', { exact: true })).toHaveValue('KH-11');
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();

    // A shared link opens the same search.
    await page.goto('/listings?product=wild_honey&province=KH-11&grade=A&minPrice=40000&maxPrice=45000');
    await expect(page.getByLabel('ថ្នាក់គុណភាព', { exact: true })).toHaveValue('A');
    await expect(page.getByLabel('តម្លៃទាបបំផុត', { exact: true })).toHaveValue('40000');
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();
    // A price range above 41,000៛ leaves it out.
    await page.getByLabel('តម្លៃទាបបំផុត', { exact: true }).fill('42000');
    await page.getByRole('button', { name: 'ស្វែងរក', exact: true }).click();
    await expect(page).toHaveURL(/minPrice=42000/);
    await expect(page.getByText('រកមិនឃើញទំនិញទេ។ សូមសាកល្បងតម្រងផ្សេង។')).toBeVisible();
  });

  test('near me asks the phone where it is and searches by distance', async ({ page, context }) => {
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 12.5, longitude: 107.2 });
    await page.goto('/listings?product=wild_honey');
    await page.getByRole('button', { name: 'នៅជិតខ្ញុំ' }).click();
    await expect(page).toHaveURL(/near=12\.500%2C107\.200/);
    await expect(page).toHaveURL(/sort=distance/);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: world.listing.title }) });
    await expect(card).toContainText(/ចម្ងាយ [\d.]+ គ\.ម/);
    await expect(page.getByLabel('ចម្ងាយ', { exact: true })).toHaveValue('50');
  });

  test("the listing page shows the photos and the seller's record; signed out it offers to sign in to order", async ({ page }) => {
    await page.goto(`/listings/${world.listing.id}`);
    await expect(page.getByRole('heading', { level: 1, name: world.listing.title })).toBeVisible();
    // The page's main photo is its largest paint: loaded at once, not lazily.
    await expect(page.getByRole('img', { name: world.listing.title })).toHaveAttribute('loading', 'eager');
    await expect(page.getByText('41,000៛ ក្នុងមួយលីត្រ')).toBeVisible();
    // 500 offered, 50 sold: 450 left.
    await expect(page.getByText('450 លីត្រ')).toBeVisible();
    const order = page.getByRole('link', { name: 'ចូលគណនីដើម្បីបញ្ជាទិញ' });
    await expect(order).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent(`/listings/${world.listing.id}/order`)}`);

    const seller = page.getByRole('region', { name: 'អ្នកលក់' });
    await expect(seller.getByRole('link', { name: world.sellerOrg.name })).toBeVisible();
    await expect(seller.getByRole('definition').filter({ hasText: /^1$/ })).toBeVisible();
    await expect(seller.getByText('កិច្ចព្រមព្រៀងបានបញ្ចប់')).toBeVisible();
    await expect(seller.getByText('5/5 (1 មតិ)')).toBeVisible();
    await expect(seller.getByText('ដឹកជញ្ជូនទាន់ពេល')).toBeVisible();
    await expect(seller.getByText(world.reviewComment)).toBeVisible();
    await expect(seller.getByText('5 ក្នុងចំណោម 5 ផ្កាយ')).toBeVisible();
    await expect(seller.getByText(world.buyerOrg.name, { exact: false })).toBeVisible();
    const cover = page.getByRole('img', { name: world.listing.title });
    await expect.poll(() => cover.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'public-listing-km');

    await seller.getByRole('link', { name: world.sellerOrg.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: world.sellerOrg.name })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'ទំនិញកំពុងលក់' })).toBeVisible();
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'មតិពីដៃគូជួញដូរ' })).toBeVisible();
    await expect(page.getByText(world.reviewComment)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'public-organization-km');
  });

  test('the directory lists the firm, by name and by filters', async ({ page }) => {
    await page.goto('/organizations');
    await expect(page.getByRole('heading', { level: 1, name: 'បញ្ជីក្រុមហ៊ុន និងសហករណ៍' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'ឈ្មោះ' }).fill(world.sellerOrg.name);
    await page.getByRole('button', { name: 'ស្វែងរក' }).click();
    await expect(page).toHaveURL(/q=Mondulkiri/);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: world.sellerOrg.name }) });
    await expect(card).toContainText('សហគ្រាស');
    await expect(card).toContainText('លក់');
    await page.getByLabel('ប្រភេទ', { exact: true }).selectOption('cooperative');
    await expect(page.getByText('រកមិនឃើញទេ។ សូមសាកល្បងតម្រងផ្សេង។')).toBeVisible();
    await page.getByLabel('ប្រភេទ', { exact: true }).selectOption('firm');
    await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-11');
    await expect(page.getByRole('link', { name: world.sellerOrg.name })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'public-directory-km');
  });

  test("market prices show the completed deal's price in the chart and the table, in riel and in dollars", async ({ page, request }) => {
    const usd = await (await request.get('/api/v1/market-prices?productCode=wild_honey&province=KH-11&weeks=12&currency=USD')).json();
    // Converted at the server's rate; the digits, wherever the locale puts the $ (and whether it says US$).
    const usdMedian = Number(usd.items[usd.items.length - 1].median.amount).toFixed(2);

    await page.goto('/prices');
    await expect(page.getByRole('heading', { level: 1, name: 'តម្លៃទីផ្សារ' })).toBeVisible();
    await page.getByLabel('ផលិតផល', { exact: true }).selectOption('wild_honey');
    await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-11');
    await expect(page).toHaveURL(/product=wild_honey/);
    const series = page.getByRole('region', { name: 'ទឹកឃ្មុំព្រៃ · ខេត្តមណ្ឌលគិរី' });
    await expect(series).toBeVisible();
    const chart = series.getByRole('img', { name: /តម្លៃប្រចាំសប្តាហ៍/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator('text.latest')).toHaveText('41,000៛');
    await expect(chart.locator('path.band')).toHaveAttribute('d', /^M.+Z$/);
    await expect(series.getByRole('table')).toBeVisible();
    const row = series.getByRole('row').nth(1);
    await expect(row.getByRole('cell').nth(0)).toHaveText('41,000៛');
    await expect(row.getByRole('cell').nth(1)).toHaveText('41,000៛ – 41,000៛');
    await expect(row.getByRole('cell').nth(2)).toHaveText('1');
    await expectAccessible(page);
    await screenshot(page, 'public-prices-km');

    await page.getByRole('radio', { name: 'ដុល្លារ ($)' }).check();
    await expect(page).toHaveURL(/currency=USD/);
    for (const figure of [chart.locator('text.latest'), row.getByRole('cell').nth(0)]) {
      await expect(figure).toContainText(usdMedian);
      await expect(figure).toContainText('$');
      await expect(figure).not.toContainText('៛');
    }
    await expect(row.getByRole('cell').nth(1)).toContainText('–');
    await expect(row.getByRole('cell').nth(1)).not.toContainText('៛');
    await expectAccessible(page);
  });

  test('switching to English changes every string on these pages', async ({ page }) => {
    await page.goto('/listings?product=wild_honey');
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Find products' })).toBeVisible();
    await expect(page.getByLabel('Search words', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Highest price', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Near me' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: world.listing.title })).toContainText('41,000៛ per litre');
    await expectNoKhmer(page, [world.listing.title]);
    await expectAccessible(page);
    await screenshot(page, 'public-search-en');

    await page.goto(`/listings/${world.listing.id}`);
    await expect(page.getByRole('region', { name: 'Seller' })).toBeVisible();
    await expect(page.getByText('Completed deals')).toBeVisible();
    await expect(page.getByText('5/5 (1 reviews)')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in to order' })).toBeVisible();
    await expect(page.getByText(world.reviewComment)).toBeVisible();
    await expectNoKhmer(page, [world.listing.title, 'ទឹកឃ្មុំព្រៃស្រស់ ពីព្រៃសហគមន៍', world.reviewComment]);

    await page.goto(`/organizations/${world.sellerOrg.id}`);
    await expect(page.getByRole('heading', { level: 2, name: 'For sale' })).toBeVisible();
    await expect(page.getByRole('link', { name: world.listing.title })).toBeVisible();
    await expect(page.getByText(world.reviewComment)).toBeVisible();
    // One order answered: too few requests to show a response rate.
    await expect(page.getByRole('term').filter({ hasText: 'Replies to requests' })).toBeVisible();
    await expect(page.getByText('Too few requests yet')).toBeVisible();
    await expectNoKhmer(page, [world.listing.title, world.reviewComment]);

    // The other files' organizations (named in Khmer by their owners) are out of this search.
    await page.goto(`/organizations?q=${encodeURIComponent(world.sellerOrg.name)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Firms and cooperatives' })).toBeVisible();
    await expect(page.getByRole('link', { name: world.sellerOrg.name })).toBeVisible();
    await expectNoKhmer(page, []);
    await expectAccessible(page);

    await page.goto('/prices?product=wild_honey&province=KH-11');
    await expect(page.getByRole('heading', { level: 1, name: 'Market prices' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Wild honey · Mondulkiri' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Median' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Dollars ($)' })).toBeVisible();
    await expectNoKhmer(page, []);
    await expectAccessible(page);
    await screenshot(page, 'public-prices-en');
  });
});
