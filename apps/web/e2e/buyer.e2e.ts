import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { type Account, expect, expectAccessible, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// The buyer's screens: a demand and its matches (pooled too), an order taken through to
// reviews by both sides, quotes accepted and rejected. Producers, their organizations and
// listings are made through the API: their own screens are tested elsewhere.

const KEP = 'KH-23';
const KEP_CENTRE = { lat: 10.53, lng: 104.33 };

function auth(account: Account) {
  return { Authorization: `Bearer ${account.token}` };
}

async function post<T>(request: APIRequestContext, account: Account, path: string, data: unknown): Promise<T> {
  const response = await request.post(path, { headers: auth(account), data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function organization(request: APIRequestContext, account: Account, name: string, capability: 'buy' | 'sell'): Promise<string> {
  const body = await post<{ id: string }>(request, account, '/api/v1/organizations', {
    name,
    kind: 'firm',
    capabilities: [capability],
    provinceCode: KEP,
    valueChains: ['clay_tiles_bricks'],
  });
  return body.id;
}

interface Producer {
  account: Account;
  organizationId: string;
  name: string;
  listingId?: string;
}

async function producer(request: APIRequestContext, name: string, listing?: { productCode: string; quantity: string; price: string }): Promise<Producer> {
  const account = await registerViaApi(request, `${name} owner`);
  const organizationId = await organization(request, account, name, 'sell');
  if (!listing) return { account, organizationId, name };
  const created = await post<{ id: string }>(request, account, '/api/v1/listings', {
    organizationId,
    productCode: listing.productCode,
    title: `${name} grade A`,
    quantity: listing.quantity,
    unit: 'piece',
    price: { amount: listing.price, currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: KEP,
    location: KEP_CENTRE,
  });
  return { account, organizationId, name, listingId: created.id };
}

async function buyer(request: APIRequestContext, name: string): Promise<{ account: Account; organizationId: string; name: string }> {
  const account = await registerViaApi(request, `${name} buyer`);
  return { account, organizationId: await organization(request, account, name, 'buy'), name };
}

/** A second phone: a browser context of its own, with the project's phone settings. */
async function secondPhone(browser: Browser): Promise<Page> {
  const use = test.info().project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport ?? { width: 360, height: 640 },
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    locale: use.locale,
  });
  return context.newPage();
}

function unique(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 7)}`;
}

function inCambodia(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test.describe('buyers', () => {
  test('a bad value in the demand form shows its error beside the field; a 40,000-tile demand finds two producers together', async ({ page, request }) => {
    const tag = unique('Kep');
    const first = await producer(request, `${tag} Tiles One`, { productCode: 'clay_roof_tile', quantity: '20000', price: '600' });
    const second = await producer(request, `${tag} Tiles Two`, { productCode: 'clay_roof_tile', quantity: '20000', price: '610' });
    const construction = await buyer(request, `${tag} Construction`);

    await page.goto('/my/demands');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fmy%2Fdemands$/);
    await signInOnPage(page, construction.account);
    await page.goto('/my/demands');
    await expect(page.getByRole('heading', { level: 1, name: 'តម្រូវការរបស់ខ្ញុំ' })).toBeVisible();
    await expect(page.getByText('អ្នកមិនទាន់មានតម្រូវការនៅឡើយទេ។')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-my-demands-empty-km');

    await page.getByRole('link', { name: 'ប្រកាសតម្រូវការថ្មី' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ប្រកាសតម្រូវការ' })).toBeVisible();
    await page.getByLabel('ផលិតផល').selectOption({ label: 'ក្បឿងដី' });
    await page.getByLabel('បរិមាណ').fill('សែសិបពាន់');
    await page.getByLabel('ថ្នាក់គុណភាព').selectOption({ label: 'ថ្នាក់ A' });
    await page.getByLabel('តម្លៃខ្ពស់បំផុតក្នុងមួយឯកតា').fill('800');
    await page.getByLabel('ខេត្តដឹកជញ្ជូនទៅ').selectOption({ label: 'ខេត្តកែប' });
    await page.getByLabel('ត្រូវការមុនថ្ងៃ').fill(inCambodia(30));
    await expect(page.getByLabel('ទទួលយកទំនិញពីអ្នកផលិតច្រើននាក់រួមគ្នា')).toBeChecked();
    await page.getByRole('button', { name: 'ប្រកាសតម្រូវការ' }).click();

    // The API's refusal, worded in Khmer, beside the quantity and tied to it for screen readers.
    const quantity = page.getByLabel('បរិមាណ');
    await expect(page.getByRole('alert')).toHaveText('សូមកែតម្លៃដែលបានសម្គាល់');
    await expect(quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(quantity).toHaveAccessibleDescription(/ទម្រង់មិនត្រឹមត្រូវ|តម្លៃនេះមិនត្រឹមត្រូវ/);
    await expect(page.locator('#demand-quantity-error')).toBeVisible();
    await expect(page.getByLabel('ផលិតផល')).not.toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
    await screenshot(page, 'buyer-demand-new-error-km');

    await quantity.fill('40000');
    await page.getByRole('button', { name: 'ប្រកាសតម្រូវការ' }).click();
    await page.waitForURL(/\/my\/demands\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'ក្បឿងដី · 40,000 គ្រាប់' })).toBeVisible();
    await expect(page.getByText('ថ្នាក់ A ឬល្អជាង')).toBeVisible();

    // The pool: both producers, each with their share, and why it fits, in Khmer.
    const pool = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^អ្នកផលិត 2 នាក់រួមគ្នា៖/ }) });
    await expect(pool).toHaveCount(1);
    const poolHeading = pool.getByRole('heading');
    await expect(poolHeading).toContainText(first.name);
    await expect(poolHeading).toContainText(second.name);
    await expect(pool.getByRole('list', { name: 'ចំណែករបស់អ្នកផលិតម្នាក់ៗ' }).getByRole('listitem')).toHaveText([
      new RegExp(`${first.name}: 20,000 គ្រាប់ \\(50%\\)`),
      new RegExp(`${second.name}: 20,000 គ្រាប់ \\(50%\\)`),
    ]);
    await expect(pool.getByRole('list', { name: 'ហេតុអ្វីសម' })).toContainText('អ្នកផលិត 2 នាក់រួមគ្នាគ្រប 100%');
    await expect(pool.getByRole('list', { name: 'ហេតុអ្វីសម' })).toContainText('ថ្នាក់ A');
    await expectAccessible(page);
    await screenshot(page, 'buyer-demand-matches-km');

    // The same in English, the reasons included.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: /^2 producers together: / })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Why it fits' }).first()).toContainText('2 producers together cover 100 %');
    await page.getByRole('button', { name: 'ខ្មែរ' }).click();

    await page.getByRole('link', { name: '← តម្រូវការរបស់ខ្ញុំ' }).click();
    await expect(page.getByRole('link', { name: 'ក្បឿងដី · 40,000 គ្រាប់' })).toBeVisible();
    await expect(page.getByText('កំពុងបើក')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-my-demands-km');
  });

  test('a demand written offline waits on the phone and is sent once when the connection returns', async ({ page, request, context }) => {
    const construction = await buyer(request, unique('Kep Offline'));
    await signInOnPage(page, construction.account);
    await page.goto('/my/demands');
    await page.getByRole('link', { name: 'ប្រកាសតម្រូវការថ្មី' }).click();
    await page.getByLabel('ផលិតផល').selectOption({ label: 'ឥដ្ឋ' });
    await page.getByLabel('បរិមាណ').fill('5000');
    await page.getByLabel('ខេត្តដឹកជញ្ជូនទៅ').selectOption({ label: 'ខេត្តកែប' });
    await page.getByLabel('ត្រូវការមុនថ្ងៃ').fill(inCambodia(10));

    await context.setOffline(true);
    await page.getByRole('button', { name: 'ប្រកាសតម្រូវការ' }).click();
    await page.waitForURL('**/my/demands');
    await expect(page.getByRole('listitem').filter({ hasText: 'ឥដ្ឋ · 5,000 គ្រាប់' })).toContainText('កំពុងរង់ចាំផ្ញើ');
    await screenshot(page, 'buyer-my-demands-offline-km');

    await context.setOffline(false);
    await expect(page.getByRole('link', { name: 'ឥដ្ឋ · 5,000 គ្រាប់' })).toBeVisible({ timeout: 40_000 });
    await expect(page.getByText('កំពុងរង់ចាំផ្ញើ')).toHaveCount(0);
    const mine = await request.get('/api/v1/demands?mine=true', { headers: auth(construction.account) });
    const items = ((await mine.json()) as { items: Array<{ organizationId: string }> }).items.filter((d) => d.organizationId === construction.organizationId);
    expect(items).toHaveLength(1);
  });

  test('a demand written offline shows on My demands once sent, though the list reloaded after it is the copy from before', async ({ page, request, context }) => {
    const construction = await buyer(request, unique('Kep Patchy'));
    await signInOnPage(page, construction.account);
    await page.goto('/my/demands');
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
    // Read once with the service worker in charge: it keeps this copy of the (empty) list.
    await page.reload();
    await page.getByRole('link', { name: 'ប្រកាសតម្រូវការថ្មី' }).click();
    await page.getByLabel('ផលិតផល').selectOption({ label: 'ឥដ្ឋ' });
    await page.getByLabel('បរិមាណ').fill('7000');
    await page.getByLabel('ខេត្តដឹកជញ្ជូនទៅ').selectOption({ label: 'ខេត្តកែប' });
    await page.getByLabel('ត្រូវការមុនថ្ងៃ').fill(inCambodia(10));
    await context.setOffline(true);
    await page.getByRole('button', { name: 'ប្រកាសតម្រូវការ' }).click();
    await page.waitForURL('**/my/demands');
    await expect(page.getByRole('listitem').filter({ hasText: 'ឥដ្ឋ · 7,000 គ្រាប់' })).toContainText('កំពុងរង់ចាំផ្ញើ');

    // Back online, the write gets through but the list's reload after it does not: the
    // service worker answers with its copy from before.
    let dropped = 0;
    await context.route(/\/api\/v1\/demands\?/, (route) => {
      if (dropped > 0 || route.request().method() !== 'GET') return route.fallback();
      dropped++;
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await expect(page.getByText('កំពុងរង់ចាំផ្ញើ')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'ឥដ្ឋ · 7,000 គ្រាប់' })).toBeVisible();
    expect(dropped).toBe(1);
  });

  test('an order written offline shows on My offers once sent, though the list reloaded after it is the copy from before', async ({ page, request, context }) => {
    const tag = unique('Kep Offline');
    const seller = await producer(request, `${tag} Bricks`, { productCode: 'clay_brick', quantity: '10000', price: '450' });
    const construction = await buyer(request, `${tag} Builders`);
    await signInOnPage(page, construction.account);
    await page.goto('/my/offers');
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
    // Read once with the service worker in charge: it keeps this copy of the (empty) list.
    await page.reload();
    await expect(page.getByText('មិនទាន់បានផ្ញើការផ្តល់ជូនទេ។')).toBeVisible();
    await page.goto(`/listings/${seller.listingId}/order`);
    await page.getByLabel('បរិមាណដែលចង់ទិញ').fill('2000');
    await page.getByLabel('ចង់បានមុនថ្ងៃ').fill(inCambodia(14));
    await context.setOffline(true);
    await page.getByRole('button', { name: 'ផ្ញើការបញ្ជាទិញ' }).click();
    await page.waitForURL('**/my/offers');
    await expect(page.getByRole('listitem').filter({ hasText: 'កំពុងរង់ចាំផ្ញើ' })).toHaveCount(1);

    // Back online, the write gets through but the list's reload after it does not: the
    // service worker answers with its copy from before.
    let dropped = 0;
    await context.route(/\/api\/v1\/offers\?/, (route) => {
      if (dropped > 0 || route.request().method() !== 'GET') return route.fallback();
      dropped++;
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await expect(page.getByText('កំពុងរង់ចាំផ្ញើ')).toHaveCount(0);
    const sent = page.getByRole('listitem').filter({ hasText: `ការបញ្ជាទិញពី ${construction.name}` });
    await expect(sent).toContainText('ឥដ្ឋ · 2,000 គ្រាប់');
    expect(dropped).toBe(1);
  });

  test('a pooled match ordered from all producers in one step; one declines, the buyer replaces it from the match, then cancels the rest', async ({ page, request }) => {
    const tag = unique('Kep');
    const product = { productCode: 'clay_hollow_brick', quantity: '15000' };
    const producers = [
      await producer(request, `${tag} Hollow One`, { ...product, price: '600' }),
      await producer(request, `${tag} Hollow Two`, { ...product, price: '610' }),
      await producer(request, `${tag} Hollow Three`, { ...product, price: '700' }),
    ];
    const construction = await buyer(request, `${tag} Works`);
    const demand = await post<{ id: string }>(request, construction.account, '/api/v1/demands', {
      organizationId: construction.organizationId,
      productCode: 'clay_hollow_brick',
      quantity: '30000',
      unit: 'piece',
      qualityGrade: 'A',
      deliveryProvinceCode: KEP,
      neededBy: `${inCambodia(30)}T17:00:00+07:00`,
    });

    await signInOnPage(page, construction.account);
    await page.goto(`/my/demands/${demand.id}`);
    const pool = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^អ្នកផលិត 2 នាក់រួមគ្នា៖/ }) }).first();
    await pool.getByRole('button', { name: 'បញ្ជាទិញពីទាំង 2' }).click();
    await page.waitForURL(/\/my\/offer-groups\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'ការបញ្ជាទិញរួមគ្នា៖ ឥដ្ឋប្រហោង' })).toBeVisible();
    const groupId = page.url().split('/').pop()!;
    const group = await (await request.get(`/api/v1/offer-groups/${groupId}`, { headers: auth(construction.account) })).json() as {
      offers: Array<{ id: string; sellerOrganizationId: string }>;
    };
    expect(group.offers).toHaveLength(2);
    await expectAccessible(page);
    await screenshot(page, 'buyer-offer-group-km');

    // One producer declines: the buyer sees what is uncovered and takes the match's next producer.
    const declining = producers.find((p) => p.organizationId === group.offers[0]!.sellerOrganizationId)!;
    await post(request, declining.account, `/api/v1/offers/${group.offers[0]!.id}/reject`, {});
    await page.reload();
    await expect(page.getByRole('heading', { name: /^នៅខ្វះ៖ 15,000 គ្រាប់/ })).toBeVisible();
    await page.getByRole('button', { name: /^បញ្ជាទិញ 15,000 គ្រាប់ ពី / }).first().click();
    await expect(page.getByRole('heading', { name: /^នៅខ្វះ៖/ })).toHaveCount(0);
    await expect(page.getByRole('listitem').filter({ hasText: 'កំពុងរង់ចាំការសម្រេច' })).toHaveCount(2);

    // Then the buyer cancels what is still pending.
    await page.getByRole('button', { name: 'បោះបង់អ្វីដែលនៅសល់' }).click();
    await expect(page.getByText('បានបោះបង់', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Pooled order: / })).toBeVisible();
    await page.getByRole('button', { name: 'ខ្មែរ' }).click();
  });

  test('order from a listing, the producer accepts and delivers, the buyer confirms, both review', async ({ page, request, browser }) => {
    const tag = unique('Kep');
    const seller = await producer(request, `${tag} Bricks`, { productCode: 'clay_brick', quantity: '10000', price: '450' });
    const construction = await buyer(request, `${tag} Builders`);

    await signInOnPage(page, construction.account);
    await page.goto(`/listings/${seller.listingId}/order`);
    await expect(page.getByRole('heading', { level: 1, name: 'បញ្ជាទិញ' })).toBeVisible();
    await expect(page.getByText(`${seller.name} grade A`)).toBeVisible();
    await page.getByLabel('បរិមាណដែលចង់ទិញ').fill('3000');
    await page.getByLabel('ចង់បានមុនថ្ងៃ').fill(inCambodia(14));
    await page.getByLabel('សារទៅអ្នកលក់').fill('ដឹកទៅការដ្ឋានកែប');
    await expect(page.getByText('សរុបប្រហែល 1,350,000៛')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-order-km');
    await page.getByRole('button', { name: 'ផ្ញើការបញ្ជាទិញ' }).click();

    await page.waitForURL('**/my/offers');
    const sent = page.getByRole('listitem').filter({ hasText: `ការបញ្ជាទិញពី ${construction.name}` });
    await expect(sent).toContainText('កំពុងរង់ចាំការសម្រេច');
    await expect(sent).toContainText('ឥដ្ឋ · 3,000 គ្រាប់');
    await expect(sent.getByRole('button', { name: 'ដកវិញ' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-my-offers-sent-km');

    // The producer, on their own phone.
    const producerPage = await secondPhone(browser);
    await signInOnPage(producerPage, seller.account);
    await producerPage.goto('/my/offers');
    const received = producerPage.getByRole('listitem').filter({ hasText: `ការបញ្ជាទិញពី ${construction.name}` });
    await expect(received).toContainText('ផ្ញើមកអ្នក');
    await expectAccessible(producerPage);
    await screenshot(producerPage, 'producer-my-offers-received-km');
    await received.getByRole('button', { name: 'ទទួលយកការបញ្ជាទិញ' }).click();
    await expect(received).toContainText('បានទទួលយក');
    await received.getByRole('link', { name: 'មើលកិច្ចព្រមព្រៀង' }).click();
    await producerPage.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
    await expect(producerPage.getByRole('heading', { level: 1, name: 'ឥដ្ឋ · 3,000 គ្រាប់' })).toBeVisible();
    await expectAccessible(producerPage);
    await screenshot(producerPage, 'producer-deal-agreed-km');
    await producerPage.getByRole('button', { name: 'បានដឹកជញ្ជូនរួចហើយ' }).click();
    await expect(producerPage.getByText('កំពុងរង់ចាំអ្នកទិញបញ្ជាក់ការទទួល។')).toBeVisible();
    await expect(producerPage.getByRole('button', { name: 'បានដឹកជញ្ជូនរួចហើយ' })).toHaveCount(0);

    // The buyer confirms from their deals.
    await page.goto('/my/deals');
    await expect(page.getByText(`ទិញពី ${seller.name}`)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-my-deals-km');
    await page.getByRole('link', { name: 'ឥដ្ឋ · 3,000 គ្រាប់' }).click();
    await expect(page.getByText('បានដឹកជញ្ជូន', { exact: true })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'buyer-deal-delivered-km');
    await page.getByRole('button', { name: 'បញ្ជាក់ថាបានទទួលទំនិញ' }).click();
    await expect(page.getByText('បានបញ្ចប់', { exact: true })).toBeVisible();

    await expect(page.getByRole('heading', { name: `វាយតម្លៃ ${seller.name}` })).toBeVisible();
    await page.getByLabel('5 ផ្កាយ').check();
    await page.getByLabel('មតិ (មិនបាច់ក៏បាន)').fill('ឥដ្ឋល្អ ដឹកទាន់ពេល');
    await expectAccessible(page);
    await screenshot(page, 'buyer-deal-review-km');
    await page.getByRole('button', { name: 'ផ្ញើការវាយតម្លៃ' }).click();
    await expect(page.getByRole('heading', { name: 'ការវាយតម្លៃរបស់អ្នក' })).toBeVisible();
    await expect(page.getByText('ឥដ្ឋល្អ ដឹកទាន់ពេល')).toBeVisible();

    // The producer reviews the buyer, and sees the buyer's review of them.
    await producerPage.reload();
    await expect(producerPage.getByText('បានបញ្ចប់', { exact: true })).toBeVisible();
    await producerPage.getByLabel('4 ផ្កាយ').check();
    await producerPage.getByRole('button', { name: 'ផ្ញើការវាយតម្លៃ' }).click();
    await expect(producerPage.getByRole('heading', { name: 'ការវាយតម្លៃរបស់អ្នក' })).toBeVisible();
    await expect(producerPage.getByRole('heading', { name: `ការវាយតម្លៃពី ${construction.name}` })).toBeVisible();
    await expect(producerPage.getByText('ឥដ្ឋល្អ ដឹកទាន់ពេល')).toBeVisible();
    await expectAccessible(producerPage);
    await screenshot(producerPage, 'producer-deal-reviewed-km');

    await page.reload();
    await expect(page.getByRole('heading', { name: `ការវាយតម្លៃពី ${seller.name}` })).toBeVisible();
    await expect(page.getByText('4 ផ្កាយ')).toBeVisible();
    await producerPage.context().close();
  });

  test('quotes on a demand: the buyer accepts one and rejects another', async ({ page, request }) => {
    const tag = unique('Kep');
    const construction = await buyer(request, `${tag} Homes`);
    const demand = await post<{ id: string }>(request, construction.account, '/api/v1/demands', {
      organizationId: construction.organizationId,
      productCode: 'clay_hollow_brick',
      quantity: '1000',
      unit: 'piece',
      qualityGrade: 'B',
      deliveryProvinceCode: KEP,
      neededBy: `${inCambodia(20)}T17:00:00+07:00`,
    });
    const quoters = [await producer(request, `${tag} Kiln One`), await producer(request, `${tag} Kiln Two`)];
    for (const [i, quoter] of quoters.entries()) {
      await post(request, quoter.account, '/api/v1/offers', {
        kind: 'quote',
        organizationId: quoter.organizationId,
        demandId: demand.id,
        lines: [{ organizationId: quoter.organizationId, quantity: '500', unitPrice: { amount: String(300 + i * 20), currency: 'KHR' } }],
        deliverBy: `${inCambodia(10)}T17:00:00+07:00`,
      });
    }

    await signInOnPage(page, construction.account);
    await page.goto(`/my/demands/${demand.id}`);
    await expect(page.getByRole('heading', { name: 'សម្រង់តម្លៃដែលបានទទួល' })).toBeVisible();
    const quote = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `សម្រង់តម្លៃពី ${name}` }) });
    await expect(quote(quoters[0]!.name)).toContainText('300៛ ក្នុងមួយគ្រាប់');
    await expect(quote(quoters[1]!.name)).toContainText('320៛ ក្នុងមួយគ្រាប់');
    await expectAccessible(page);
    await screenshot(page, 'buyer-demand-quotes-km');

    await quote(quoters[0]!.name).getByRole('button', { name: 'ទទួលយកសម្រង់តម្លៃ' }).click();
    await expect(quote(quoters[0]!.name)).toContainText('បានទទួលយក');
    await expect(quote(quoters[0]!.name).getByRole('link', { name: 'មើលកិច្ចព្រមព្រៀង' })).toBeVisible();
    await quote(quoters[1]!.name).getByRole('button', { name: 'បដិសេធសម្រង់តម្លៃ' }).click();
    await expect(quote(quoters[1]!.name)).toContainText('បានបដិសេធ');
    await expect(quote(quoters[1]!.name).getByRole('button')).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, 'buyer-demand-quotes-decided-km');

    // The same quotes, decided, among the buyer's offers; the deal among their deals.
    await page.goto('/my/offers');
    await expect(page.getByRole('listitem').filter({ hasText: `សម្រង់តម្លៃពី ${quoters[1]!.name}` })).toContainText('បានបដិសេធ');
    await expectAccessible(page);
    await screenshot(page, 'buyer-my-offers-km');
    await page.goto('/my/deals');
    await expect(page.getByText(`ទិញពី ${quoters[0]!.name}`)).toBeVisible();
  });

  test('negotiation: a demand wanting 2 quotes tells sellers how many came and closes; the buyer counters a quote, the producer counters back, the buyer accepts', async ({ page, request, browser }) => {
    const tag = unique('Kep');
    const construction = await buyer(request, `${tag} Hagglers`);
    const demand = await post<{ id: string }>(request, construction.account, '/api/v1/demands', {
      organizationId: construction.organizationId,
      productCode: 'clay_hollow_brick',
      quantity: '1000',
      unit: 'piece',
      deliveryProvinceCode: KEP,
      neededBy: `${inCambodia(20)}T17:00:00+07:00`,
      quotesWanted: 2,
    });
    const [kiln, second, late] = [await producer(request, `${tag} Kiln`), await producer(request, `${tag} Second Kiln`), await producer(request, `${tag} Late Kiln`)];
    const quoteBy = (p: Producer, price: string) =>
      post<{ id: string }>(request, p.account, '/api/v1/offers', {
        kind: 'quote',
        organizationId: p.organizationId,
        demandId: demand.id,
        lines: [{ organizationId: p.organizationId, quantity: '1000', unitPrice: { amount: price, currency: 'KHR' } }],
        deliverBy: `${inCambodia(10)}T17:00:00+07:00`,
      });
    await quoteBy(kiln, '300');

    // A seller who comes later sees how many quotes came; once the second came, the form is gone.
    const latePage = await secondPhone(browser);
    await signInOnPage(latePage, late.account);
    await latePage.goto(`/demands/${demand.id}/quote`);
    await expect(latePage.getByText('បានទទួលសម្រង់តម្លៃ 1 ក្នុងចំណោម 2')).toBeVisible();
    await expectAccessible(latePage);
    await screenshot(latePage, 'producer-quote-1-of-2-km');
    await quoteBy(second, '320');
    await latePage.reload();
    await expect(latePage.getByText('បានទទួលសម្រង់តម្លៃ 2 ក្នុងចំណោម 2')).toBeVisible();
    await expect(latePage.getByText('សំណើនេះលែងទទួលសម្រង់តម្លៃទៀតហើយ។')).toBeVisible();
    await expect(latePage.getByRole('button', { name: 'ផ្ញើសំណើតម្លៃ' })).toHaveCount(0);

    // The buyer counters the first quote with a lower price.
    await signInOnPage(page, construction.account);
    await page.goto(`/my/demands/${demand.id}`);
    await expect(page.getByText('បានទទួលសម្រង់តម្លៃ 2 ក្នុងចំណោម 2')).toBeVisible();
    const card = (p: Page, heading: string) => p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: heading }) });
    const quote = card(page, `សម្រង់តម្លៃពី ${kiln.name}`);
    await quote.getByRole('button', { name: 'តថ្លៃ' }).click();
    await quote.getByLabel('តម្លៃ', { exact: true }).fill('280');
    await expectAccessible(page);
    await screenshot(page, 'buyer-counter-offer-km');
    await quote.getByRole('button', { name: 'ផ្ញើការតថ្លៃ' }).click();
    await expect(quote).toContainText('ត្រូវបានតថ្លៃ');
    await expect(quote.getByRole('button', { name: 'ទទួលយកសម្រង់តម្លៃ' })).toHaveCount(0);

    // The producer sees the counter-offer among what was sent to them, and counters back.
    const kilnPage = await secondPhone(browser);
    await signInOnPage(kilnPage, kiln.account);
    await kilnPage.goto('/my/offers');
    const counter = card(kilnPage, `ការតថ្លៃពី ${construction.name}`);
    await expect(counter).toContainText('ផ្ញើមកអ្នក');
    await expect(counter).toContainText('280៛ ក្នុងមួយគ្រាប់');
    await expect(card(kilnPage, `សម្រង់តម្លៃពី ${kiln.name}`)).toContainText('ត្រូវបានតថ្លៃ');
    await counter.getByRole('button', { name: 'តថ្លៃ' }).click();
    await counter.getByLabel('តម្លៃ', { exact: true }).fill('290');
    await counter.getByRole('button', { name: 'ផ្ញើការតថ្លៃ' }).click();
    await expect(counter).toContainText('ត្រូវបានតថ្លៃ');
    await expectAccessible(kilnPage);
    await screenshot(kilnPage, 'producer-countered-back-km');

    // The buyer accepts the latest offer of the thread.
    await page.goto('/my/offers');
    const back = card(page, `ការតថ្លៃពី ${kiln.name}`);
    await expect(back).toContainText('290៛ ក្នុងមួយគ្រាប់');
    await back.getByRole('button', { name: 'ទទួលយកសម្រង់តម្លៃ' }).click();
    await expect(back).toContainText('បានទទួលយក');
    await expect(back.getByRole('link', { name: 'មើលកិច្ចព្រមព្រៀង' })).toBeVisible();
  });
});
