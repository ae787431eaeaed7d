import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, newPhone, PASSWORD, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// The producer's screens, driven in Khmer on a 360×640 phone as a tile maker would.

/** A JPEG as a phone camera makes it (larger than the app sends), drawn in the page. */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1800);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 2400, 1800);
    gradient.addColorStop(0, '#b5532d');
    gradient.addColorStop(1, '#2f6f73');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 2400, 1800);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}

async function createOrganizationViaApi(request: APIRequestContext, token: string, body: Record<string, unknown>): Promise<string> {
  const response = await request.post('/api/v1/organizations', { headers: auth(token), data: body });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function myListingsViaApi(request: APIRequestContext, token: string): Promise<Array<{ id: string; title: string; quantityRemaining: string; status: string; photos: Array<{ width: number; height: number }> }>> {
  const response = await request.get('/api/v1/listings?mine=true&limit=100', { headers: auth(token) });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; title: string; quantityRemaining: string; status: string; photos: Array<{ width: number; height: number }> }> }).items;
}

/** The access token the page holds, to check through the API what the screens did. */
async function pageToken(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(localStorage.getItem('psar.session')!) as { accessToken: string }).accessToken);
}

test.describe('a producer', () => {
  test('signs up in Khmer, creates a firm, lists 20,000 grade-A tiles with a photo, sees matching demand and quotes on it, pauses and closes', async ({ page, request }) => {
    test.setTimeout(120_000);
    await page.goto('/sign-up');
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    await expect(page.getByRole('heading', { level: 1, name: 'បង្កើតគណនី' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-sign-up-km');
    const phone = newPhone();
    await page.getByLabel('ឈ្មោះរបស់អ្នក').fill('សុខា ចាន់');
    await page.getByLabel('លេខទូរស័ព្ទ').fill(phone);
    await page.getByLabel('ពាក្យសម្ងាត់').fill(PASSWORD);
    await page.getByRole('button', { name: 'ចុះឈ្មោះ' }).click();

    // A new account has no organization: it is asked to create or join one.
    await page.waitForURL('**/organizations/new');
    await expect(page.getByRole('heading', { level: 2, name: 'បង្កើតអង្គការថ្មី' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'ក្បឿង និងឥដ្ឋ' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-organization-new-km');
    const orgName = `ក្បឿងកំពង់លាវ ${phone.slice(-3)}`;
    await page.getByLabel('ឈ្មោះអង្គការ').fill(orgName);
    await expect(page.getByRole('radio', { name: 'សហគ្រាស ឬកសិដ្ឋាន' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'លក់', exact: true })).toBeChecked();
    await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-14');
    await page.getByRole('checkbox', { name: 'ក្បឿង និងឥដ្ឋ' }).check();
    await page.getByRole('button', { name: 'បង្កើតអង្គការ' }).click();

    await page.waitForURL('**/my');
    await expect(page.getByRole('heading', { level: 1, name: 'សួស្តី សុខា ចាន់' })).toBeVisible();
    await expect(page.getByText(orgName)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-my-km');
    const token = await pageToken(page);

    await page.getByRole('link', { name: 'ដាក់លក់ថ្មី' }).click();
    await page.waitForURL('**/my/listings/new');
    await page.getByLabel('ផលិតផល').selectOption('clay_roof_tile');
    await page.getByLabel('ថ្នាក់គុណភាព').selectOption('A');
    // The title is written from the product and grade until the producer writes their own.
    await expect(page.getByLabel('ចំណងជើង')).toHaveValue('ក្បឿងដី ថ្នាក់ A');
    // The province comes from the organization's.
    await expect(page.getByLabel('ខេត្ត', { exact: true })).toHaveValue('KH-14');
    await page.getByLabel('បរិមាណ', { exact: true }).fill('0');
    await page.getByLabel('តម្លៃ', { exact: true }).fill('12,00');
    await page.getByLabel('ជ្រើសរូបថត').setInputFiles({ name: 'kiln.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(page) });
    await expect(page.getByText('kiln.jpg')).toBeVisible();
    await page.getByRole('button', { name: 'ដាក់លក់', exact: true }).click();

    // Bad values: each error beside its field, in Khmer, then in English.
    await expect(page.getByRole('alert')).toHaveText('សូមកែតម្លៃដែលបានសម្គាល់');
    await expect(page.getByLabel('បរិមាណ', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('បរិមាណ', { exact: true })).toHaveAccessibleDescription(/សូមបញ្ចូលបរិមាណធំជាងសូន្យ/);
    await expect(page.getByLabel('តម្លៃ', { exact: true })).toHaveAccessibleDescription(/ទម្រង់មិនត្រឹមត្រូវ/);
    await expectAccessible(page);
    await screenshot(page, 'producer-listing-new-errors-km');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByLabel('Quantity', { exact: true })).toHaveAccessibleDescription(/quantity must be greater than 0/);
    await expect(page.getByLabel('Price', { exact: true })).toHaveAccessibleDescription(/amount must be a decimal string/);
    await expect(page.getByRole('alert')).toHaveText('Correct the marked values');
    await page.getByRole('button', { name: 'ខ្មែរ' }).click();
    await expect(page.getByLabel('បរិមាណ', { exact: true })).toHaveAccessibleDescription(/សូមបញ្ចូលបរិមាណធំជាងសូន្យ/);

    await page.getByLabel('បរិមាណ', { exact: true }).fill('20000');
    await page.getByLabel('តម្លៃ', { exact: true }).fill('1200');
    await page.getByLabel('ការបញ្ជាទិញតិចបំផុត').fill('1000');
    await page.getByRole('button', { name: 'ដាក់លក់', exact: true }).click();

    await page.waitForURL(/\/my\/listings\/[0-9a-f-]{36}$/);
    const listingId = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1, name: 'ក្បឿងដី ថ្នាក់ A' })).toBeVisible();
    await expect(page.getByText('នៅសល់ 20,000 គ្រាប់ ក្នុងចំណោម 20,000 គ្រាប់')).toBeVisible();
    await expect(page.getByRole('img', { name: 'រូបថតទី 1 នៃ ក្បឿងដី ថ្នាក់ A' })).toBeVisible();
    // The photo was shrunk on the phone: 2400 px from the camera, at most 1600 px sent.
    const [listed] = await myListingsViaApi(request, token);
    expect(listed).toMatchObject({ id: listingId, title: 'ក្បឿងដី ថ្នាក់ A', quantityRemaining: '20000', status: 'active' });
    expect(listed!.photos).toHaveLength(1);
    expect(Math.max(listed!.photos[0]!.width, listed!.photos[0]!.height)).toBeLessThanOrEqual(1600);

    // My listings: the quantity remaining.
    await page.getByRole('link', { name: '← ការលក់របស់ខ្ញុំ' }).click();
    await page.waitForURL('**/my/listings');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'ក្បឿងដី ថ្នាក់ A' }) });
    await expect(card.getByText('នៅសល់ 20,000 គ្រាប់ ក្នុងចំណោម 20,000 គ្រាប់')).toBeVisible();
    await expect(card.getByText('កំពុងលក់')).toBeVisible();
    await expect(card.getByText('1,200៛ ក្នុងមួយគ្រាប់')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-my-listings-km');

    // A buyer (through the API) needs 15,000 grade-A tiles in Phnom Penh: the listing fits.
    const buyer = await registerViaApi(request, 'Chan Construction buyer');
    const buyerOrg = await createOrganizationViaApi(request, buyer.token, { name: 'Chan Construction', kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
    const neededBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const demandResponse = await request.post('/api/v1/demands', {
      headers: auth(buyer.token),
      data: {
        organizationId: buyerOrg,
        productCode: 'clay_roof_tile',
        quantity: '15000',
        unit: 'piece',
        qualityGrade: 'A',
        maxPrice: { amount: '1500', currency: 'KHR' },
        deliveryProvinceCode: 'KH-12',
        neededBy: `${neededBy}T17:00:00+07:00`,
        allowPooled: false,
      },
    });
    expect(demandResponse.status(), await demandResponse.text()).toBe(201);
    const demandId = ((await demandResponse.json()) as { id: string }).id;

    await card.getByRole('link', { name: 'ក្បឿងដី ថ្នាក់ A' }).click();
    await page.waitForURL(`**/my/listings/${listingId}`);
    const match = page.getByRole('listitem').filter({ hasText: 'អ្នកទិញ៖ Chan Construction' });
    await expect(match.getByRole('heading', { name: 'ត្រូវការ 15,000 គ្រាប់ ក្បឿងដី' })).toBeVisible();
    await expect(match.getByText(/អ្នកអាចផ្គត់ផ្គង់ 15,000 គ្រាប់/)).toBeVisible();
    await expect(match.getByText('covers 100 %')).toBeVisible();
    await expect(match.getByText(/under .* maximum price/)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-my-listing-km');

    // Pause and resume.
    await page.getByRole('button', { name: 'ផ្អាកការលក់' }).click();
    await expect(page.getByText('បានផ្អាក', { exact: true })).toBeVisible();
    expect((await myListingsViaApi(request, token))[0]!.status).toBe('paused');
    await page.getByRole('button', { name: 'បន្តការលក់' }).click();
    await expect(page.getByText('កំពុងលក់', { exact: true })).toBeVisible();

    // Edit: 5,000 more tiles out of the kiln.
    const edit = page.getByRole('region', { name: 'កែប្រែការលក់' });
    await expect(edit.getByLabel('តម្លៃ', { exact: true })).toHaveValue('1200');
    await edit.getByLabel('បរិមាណ', { exact: true }).fill('25000');
    await edit.getByRole('button', { name: 'រក្សាទុក' }).click();
    await expect(page.getByText('បានរក្សាទុក', { exact: true })).toBeVisible();
    await expect(page.getByText('នៅសល់ 25,000 គ្រាប់ ក្នុងចំណោម 25,000 គ្រាប់')).toBeVisible();

    // Quote on the demand, from this listing.
    await match.getByRole('link', { name: 'ដាក់តម្លៃ' }).click();
    await page.waitForURL((url) => url.pathname === `/demands/${demandId}/quote` && url.searchParams.get('listing') === listingId);
    await expect(page.getByRole('heading', { level: 1, name: 'ដាក់តម្លៃលើតម្រូវការ' })).toBeVisible();
    await expect(page.getByLabel('បរិមាណ', { exact: true })).toHaveValue('15000');
    await expect(page.getByLabel('តម្លៃ', { exact: true })).toHaveValue('1200');
    await expect(page.getByLabel('ដឹកជញ្ជូនមុនថ្ងៃ')).toHaveValue(neededBy);
    await expectAccessible(page);
    await screenshot(page, 'producer-quote-km');
    await page.getByLabel('តម្លៃ', { exact: true }).fill('1150');
    await page.getByLabel('កំណត់សម្គាល់').fill('ដឹកដោយឡានយើង');
    await page.getByRole('button', { name: 'ផ្ញើសំណើតម្លៃ' }).click();
    await page.waitForURL((url) => url.pathname === '/my/offers');
    const offers = await request.get('/api/v1/offers', { headers: auth(buyer.token) });
    const received = ((await offers.json()) as { items: Array<{ kind: string; demandId: string; quantity: string; lines: Array<{ listingId: string; unitPrice: { amount: string } }> }> }).items;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ kind: 'quote', demandId });
    expect(Number(received[0]!.quantity)).toBe(15000);
    expect(received[0]!.lines[0]!.listingId).toBe(listingId);
    expect(Number(received[0]!.lines[0]!.unitPrice.amount)).toBe(1150);

    // Reviews received (none yet) and close the listing for good.
    await page.goto('/my/reviews');
    await expect(page.getByRole('heading', { level: 1, name: 'ការវាយតម្លៃដែលបានទទួល' })).toBeVisible();
    await expect(page.getByText('មិនទាន់មានការវាយតម្លៃ (0 កិច្ចព្រមព្រៀងបានបញ្ចប់)')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-my-reviews-km');

    await page.goto(`/my/listings/${listingId}`);
    await page.getByRole('button', { name: 'បិទការលក់នេះ' }).click();
    await page.getByRole('button', { name: 'បាទ/ចាស បិទជាស្ថាពរ' }).click();
    await expect(page.getByText('ការលក់នេះត្រូវបានបិទហើយ។')).toBeVisible();
    expect((await myListingsViaApi(request, token))[0]!.status).toBe('closed');
  });

  test('a cooperative quotes on a demand with lines from its member firms', async ({ page, request }) => {
    const leader = await registerViaApi(request, 'Cooperative leader');
    const coop = await createOrganizationViaApi(request, leader.token, { name: 'សហគមន៍ក្បឿងព្រៃវែង', kind: 'cooperative', capabilities: ['sell'], provinceCode: 'KH-14' });
    const firms: Array<{ id: string; name: string }> = [];
    for (const name of ['ឡឥដ្ឋ សុខ', 'ឡឥដ្ឋ ចាន់']) {
      const owner = await registerViaApi(request, name);
      const id = await createOrganizationViaApi(request, owner.token, { name, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
      const asked = await request.post(`/api/v1/organizations/${coop}/member-organizations`, { headers: auth(owner.token), data: { organizationId: id } });
      expect(asked.status(), await asked.text()).toBe(201);
      const approved = await request.post(`/api/v1/organizations/${coop}/member-organizations/${id}/approve`, { headers: auth(leader.token) });
      expect(approved.status(), await approved.text()).toBe(200);
      firms.push({ id, name });
    }
    const buyer = await registerViaApi(request, 'Builder');
    const buyerOrg = await createOrganizationViaApi(request, buyer.token, { name: 'Builder', kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
    const demand = await request.post('/api/v1/demands', {
      headers: auth(buyer.token),
      data: {
        organizationId: buyerOrg,
        productCode: 'clay_roof_tile',
        quantity: '30000',
        unit: 'piece',
        deliveryProvinceCode: 'KH-12',
        neededBy: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        allowPooled: true,
      },
    });
    expect(demand.status(), await demand.text()).toBe(201);
    const demandId = ((await demand.json()) as { id: string }).id;

    await signInOnPage(page, leader);
    await page.goto(`/demands/${demandId}/quote`);
    await expect(page.getByRole('heading', { name: 'ត្រូវការ 30,000 គ្រាប់ ក្បឿងដី' })).toBeVisible();
    const first = page.getByRole('group', { name: 'ផ្នែកទី 1' });
    await first.getByLabel('ផ្គត់ផ្គង់ដោយ').selectOption({ label: firms[0]!.name });
    await first.getByLabel('បរិមាណ', { exact: true }).fill('18000');
    await first.getByLabel('តម្លៃ', { exact: true }).fill('1100');
    await page.getByRole('button', { name: 'បន្ថែមសហគ្រាសមួយទៀត' }).click();
    const second = page.getByRole('group', { name: 'ផ្នែកទី 2' });
    await second.getByLabel('ផ្គត់ផ្គង់ដោយ').selectOption({ label: firms[1]!.name });
    await second.getByLabel('បរិមាណ', { exact: true }).fill('12000');
    await second.getByLabel('តម្លៃ', { exact: true }).fill('1150');
    await expectAccessible(page);
    await screenshot(page, 'producer-quote-cooperative-km');
    await page.getByRole('button', { name: 'ផ្ញើសំណើតម្លៃ' }).click();
    await page.waitForURL((url) => url.pathname === '/my/offers');

    const offers = await request.get('/api/v1/offers', { headers: auth(buyer.token) });
    const [quote] = ((await offers.json()) as { items: Array<{ organizationId: string; quantity: string; lines: Array<{ organizationId: string; quantity: string }> }> }).items;
    expect(quote!.organizationId).toBe(coop);
    expect(Number(quote!.quantity)).toBe(30000);
    expect(quote!.lines.map((l) => [l.organizationId, Number(l.quantity)])).toEqual([
      [firms[0]!.id, 18000],
      [firms[1]!.id, 12000],
    ]);
  });

  test('writes a listing offline: it waits on the phone, and is sent exactly once when back online', async ({ page, context, request }) => {
    const seller = await registerViaApi(request, 'Offline kiln');
    await createOrganizationViaApi(request, seller.token, { name: 'Offline kiln', kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'] });
    await signInOnPage(page, seller);
    // As on a phone that opened the app before: the service worker keeps the app's screens offline.
    await page.goto('/my/listings');
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
    await page.getByRole('link', { name: 'ដាក់លក់ថ្មី' }).click();
    await page.getByLabel('ផលិតផល').selectOption('clay_roof_tile');
    await expect(page.getByLabel('ខេត្ត', { exact: true })).toHaveValue('KH-14');
    const title = `ក្បឿងដុតថ្មី ${Date.now()}`;
    await page.getByLabel('ចំណងជើង').fill(title);
    await page.getByLabel('បរិមាណ', { exact: true }).fill('5000');
    await page.getByLabel('តម្លៃ', { exact: true }).fill('1100');

    await context.setOffline(true);
    await page.getByRole('button', { name: 'ដាក់លក់', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/my/listings' && url.searchParams.has('queued'));
    const waiting = page.getByRole('list', { name: 'ការលក់ដែលកំពុងរង់ចាំផ្ញើ' });
    await expect(waiting.getByRole('heading', { name: title })).toBeVisible();
    await expect(waiting.getByText('កំពុងរង់ចាំផ្ញើ')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '1 កំពុងរង់ចាំផ្ញើ' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'producer-my-listings-waiting-km');
    const queued = await page.evaluate(
      () =>
        new Promise<{ id: string; body: unknown }>((resolve, reject) => {
          const open = indexedDB.open('psar-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('writes').objectStore('writes').getAll();
            all.onsuccess = () => resolve(all.result[0] as { id: string; body: unknown });
          };
        }),
    );
    expect((await myListingsViaApi(request, seller.token)).filter((l) => l.title === title)).toHaveLength(0);

    await context.setOffline(false);
    await expect(waiting).toHaveCount(0);
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    const sent = (await myListingsViaApi(request, seller.token)).filter((l) => l.title === title);
    expect(sent).toHaveLength(1);

    // A replay of the same write (its answer lost on the way) gives the same listing, not a second.
    const replay = await request.post('/api/v1/listings', { headers: { ...auth(seller.token), 'Idempotency-Key': queued.id }, data: queued.body });
    expect(replay.status()).toBe(201);
    expect(((await replay.json()) as { id: string }).id).toBe(sent[0]!.id);
    await page.reload();
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByRole('list', { name: 'ការលក់ដែលកំពុងរង់ចាំផ្ញើ' })).toHaveCount(0);
    expect((await myListingsViaApi(request, seller.token)).filter((l) => l.title === title)).toHaveLength(1);
  });

  test('a listing written offline shows on My listings once sent, though the list reloaded after it is the copy from before', async ({ page, context, request }) => {
    const seller = await registerViaApi(request, 'Patchy kiln');
    await createOrganizationViaApi(request, seller.token, { name: 'Patchy kiln', kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'] });
    await signInOnPage(page, seller);
    await page.goto('/my/listings');
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
    // Read once with the service worker in charge: it keeps this copy of the (empty) list.
    await page.reload();
    await expect(page.getByText('មិនទាន់មានការលក់ទេ។')).toBeVisible();
    await page.getByRole('link', { name: 'ដាក់លក់ថ្មី' }).click();
    await page.getByLabel('ផលិតផល').selectOption('clay_roof_tile');
    await expect(page.getByLabel('ខេត្ត', { exact: true })).toHaveValue('KH-14');
    const title = `ក្បឿងផ្ញើពេលបណ្ដាញខ្សោយ ${Date.now()}`;
    await page.getByLabel('ចំណងជើង').fill(title);
    await page.getByLabel('បរិមាណ', { exact: true }).fill('3000');
    await page.getByLabel('តម្លៃ', { exact: true }).fill('1000');
    await context.setOffline(true);
    await page.getByRole('button', { name: 'ដាក់លក់', exact: true }).click();
    const waiting = page.getByRole('list', { name: 'ការលក់ដែលកំពុងរង់ចាំផ្ញើ' });
    await expect(waiting.getByRole('heading', { name: title })).toBeVisible();

    // Back online, the write gets through but the list's reload after it does not (as when the
    // service worker is still offline a moment longer than the page): it answers with its copy.
    let dropped = 0;
    await context.route(/\/api\/v1\/listings\?/, (route) => {
      if (dropped > 0 || route.request().method() !== 'GET') return route.fallback();
      dropped++;
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await expect(waiting).toHaveCount(0);
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    expect(dropped).toBe(1);
    expect((await myListingsViaApi(request, seller.token)).filter((l) => l.title === title)).toHaveLength(1);
  });

  test('a visitor not signed in is sent to sign in, and back after', async ({ page, request }) => {
    const account = await registerViaApi(request, 'Returning producer');
    await page.goto('/my/listings');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fmy%2Flistings$/);
    await page.getByLabel('លេខទូរស័ព្ទ').fill(account.phone);
    await page.getByLabel('ពាក្យសម្ងាត់').fill(`${PASSWORD}-wrong`);
    await page.getByRole('button', { name: 'ចូល', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('លេខទូរស័ព្ទ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ');
    await page.getByLabel('ពាក្យសម្ងាត់').fill(PASSWORD);
    await page.getByRole('button', { name: 'ចូល', exact: true }).click();
    await expect(page).toHaveURL(/\/my\/listings$/);
    await expect(page.getByRole('heading', { level: 1, name: 'ការលក់របស់ខ្ញុំ' })).toBeVisible();
  });
});
