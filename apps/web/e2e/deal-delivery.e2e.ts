import type { APIRequestContext, Page } from '@playwright/test';
import { type Account, expect, expectAccessible, registerViaApi, screenshot, signInOnPage, test, waitingForTheApp } from './support/fixtures';

// A deal delivered as it really was and disputed by the buyer (issue 18). The order and its
// acceptance go through the API: their screens are tested in buyer.e2e.ts.

const KEP = 'KH-23';

async function post<T>(request: APIRequestContext, account: Account, path: string, data: unknown): Promise<T> {
  const response = await request.post(path, { headers: { Authorization: `Bearer ${account.token}` }, data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function organization(request: APIRequestContext, account: Account, name: string, capability: 'buy' | 'sell'): Promise<string> {
  return (await post<{ id: string }>(request, account, '/api/v1/organizations', { name, kind: 'firm', capabilities: [capability], provinceCode: KEP, valueChains: ['clay_tiles_bricks'] })).id;
}

/** A photo as a phone camera gives it, drawn in the page. */
async function truckJpeg(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#8a4b2a';
    context.fillRect(0, 0, 1600, 1200);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

test('the producer gives the quantity really delivered, the buyer disputes it', async ({ page, request, browser }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const seller = await registerViaApi(request, `Kep Bricks ${tag} owner`);
  const sellerOrg = await organization(request, seller, `Kep Bricks ${tag}`, 'sell');
  const listing = await post<{ id: string }>(request, seller, '/api/v1/listings', {
    organizationId: sellerOrg,
    productCode: 'clay_brick',
    title: `Kep Bricks ${tag} grade A`,
    quantity: '10000',
    unit: 'piece',
    price: { amount: '450', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: KEP,
  });
  const buyer = await registerViaApi(request, `Kep Builders ${tag} buyer`);
  const buyerOrg = await organization(request, buyer, `Kep Builders ${tag}`, 'buy');
  const offer = await post<{ id: string }>(request, buyer, '/api/v1/offers', { kind: 'order', organizationId: buyerOrg, listingId: listing.id, quantity: '1000' });
  const { dealId } = await post<{ dealId: string }>(request, seller, `/api/v1/offers/${offer.id}/accept`, {});

  // The producer: too few bricks is refused beside the field, 950 (breakage) is taken.
  await signInOnPage(page, seller);
  await page.goto(`/deals/${dealId}`);
  const delivered = page.getByLabel('បរិមាណដែលបានដឹក ជួរទី 1');
  await expect(delivered).toHaveValue('1000');
  await expectAccessible(page);
  await delivered.fill('500');
  await page.getByRole('button', { name: 'បានដឹកជញ្ជូនរួចហើយ' }).click();
  await expect(delivered).toHaveAttribute('aria-invalid', 'true');
  await delivered.fill('950');
  await page.getByRole('button', { name: 'បានដឹកជញ្ជូនរួចហើយ' }).click();
  await expect(page.getByText('កំពុងរង់ចាំអ្នកទិញបញ្ជាក់ការទទួល។')).toBeVisible();
  await expect(page.getByText(/ដឹកបាន៖ 950/)).toBeVisible();
  await expect(page.getByText(/427,500/)).toBeVisible();
  await screenshot(page, 'producer-deal-delivered-950-km');

  // The buyer, on their own phone, disputes it.
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale });
  const buyerPage = await context.newPage();
  await signInOnPage(buyerPage, buyer);
  await buyerPage.goto(`/deals/${dealId}`);
  await buyerPage.getByRole('button', { name: 'តវ៉ាការដឹកជញ្ជូន' }).click();
  await buyerPage.getByLabel('មានបញ្ហាអ្វី').selectOption('quantity');
  await buyerPage.getByLabel('ប្រាប់អ្នកលក់ពីអ្វីដែលបានកើតឡើង').fill('បានទទួលតែ ៩០០ ដុំប៉ុណ្ណោះ');
  // A photo of what came off the truck goes with it.
  await buyerPage.getByLabel('ជ្រើសរូបថត').setInputFiles({ name: 'truck.jpg', mimeType: 'image/jpeg', buffer: await truckJpeg(buyerPage) });
  await expectAccessible(buyerPage);
  await screenshot(buyerPage, 'buyer-deal-dispute-km');
  await buyerPage.getByRole('button', { name: 'ផ្ញើការតវ៉ា' }).click();
  await expect(buyerPage.getByText('មានការតវ៉ា', { exact: true })).toBeVisible();
  await expect(buyerPage.getByText(/បានទទួលតែ ៩០០ ដុំប៉ុណ្ណោះ/)).toBeVisible();
  await expect(buyerPage.getByRole('list', { name: 'រូបថតនៃការតវ៉ា' }).getByRole('img', { name: 'រូបថតទី 1 នៃការតវ៉ា' })).toBeVisible();
  await expect(buyerPage.getByRole('button', { name: 'បញ្ជាក់ថាបានទទួលទំនិញ' })).toHaveCount(0);
  await expectAccessible(buyerPage);

  // The producer proposes to cancel; the buyer agrees: the deal is cancelled.
  await page.reload();
  await expect(page.getByText('មានការតវ៉ា', { exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: 'រូបថតទី 1 នៃការតវ៉ា' })).toBeVisible();
  await page.getByRole('button', { name: 'ស្នើ៖ លុបចោលកិច្ចព្រមព្រៀង' }).click();
  await expect(page.getByText('សំណើរបស់អ្នកត្រូវបានផ្ញើ៖ ការតវ៉ានឹងត្រូវដោះស្រាយនៅពេលភាគីម្ខាងទៀតយល់ព្រម។')).toBeVisible();
  await expectAccessible(page);
  await buyerPage.reload();
  await expect(buyerPage.getByText(`Kep Bricks ${tag} ស្នើលុបចោលកិច្ចព្រមព្រៀង`)).toBeVisible();
  await screenshot(buyerPage, 'buyer-deal-settlement-proposed-km');
  await buyerPage.getByRole('button', { name: 'យល់ព្រមលើដំណោះស្រាយនេះ' }).click();
  await expect(buyerPage.getByText('បានលុបចោល', { exact: true })).toBeVisible();
  await expectAccessible(buyerPage);
  await context.close();
});

test("a cooperative's member firms each mark their own line delivered; the last mark delivers the deal", async ({ page, request, browser }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const buyer = await registerViaApi(request, `Kep Builders ${tag} buyer`);
  const buyerOrg = await organization(request, buyer, `Kep Builders ${tag}`, 'buy');
  const coopOwner = await registerViaApi(request, `Kep Tile Cooperative ${tag} owner`);
  const coop = (await post<{ id: string }>(request, coopOwner, '/api/v1/organizations', { name: `Kep Tile Cooperative ${tag}`, kind: 'cooperative', capabilities: ['sell'], provinceCode: KEP, valueChains: ['clay_tiles_bricks'] })).id;
  const members = [];
  for (const [name, quantity] of [[`Kep Kiln A ${tag}`, '600'], [`Kep Kiln B ${tag}`, '400']] as const) {
    const owner = await registerViaApi(request, `${name} owner`);
    const org = await organization(request, owner, name, 'sell');
    await post(request, owner, `/api/v1/organizations/${coop}/member-organizations`, { organizationId: org });
    await post(request, coopOwner, `/api/v1/organizations/${coop}/member-organizations/${org}/approve`, {});
    const listing = await post<{ id: string }>(request, owner, '/api/v1/listings', {
      organizationId: org,
      productCode: 'clay_brick',
      title: `${name} bricks`,
      quantity: '5000',
      unit: 'piece',
      price: { amount: '450', currency: 'KHR' },
      qualityGrade: 'A',
      provinceCode: KEP,
    });
    members.push({ owner, org, listing: listing.id, quantity, name });
  }
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const demand = await post<{ id: string }>(request, buyer, '/api/v1/demands', {
    organizationId: buyerOrg,
    productCode: 'clay_brick',
    quantity: '1000',
    unit: 'piece',
    deliveryProvinceCode: KEP,
    neededBy: inDays(20),
  });
  const quote = await post<{ id: string }>(request, coopOwner, '/api/v1/offers', {
    kind: 'quote',
    organizationId: coop,
    demandId: demand.id,
    deliverBy: inDays(10),
    lines: members.map((m) => ({ listingId: m.listing, organizationId: m.org, quantity: m.quantity, unitPrice: { amount: '450', currency: 'KHR' } })),
  });
  const { dealId } = await post<{ dealId: string }>(request, buyer, `/api/v1/offers/${quote.id}/accept`, {});
  const [a, b] = members as [(typeof members)[number], (typeof members)[number]];

  // Member A, in Khmer: its own line only, marked delivered with one button.
  await signInOnPage(page, a.owner);
  await page.goto(`/deals/${dealId}`);
  await expect(page.getByText('អ្នកផ្គត់ផ្គង់ផ្នែកមួយនៃកិច្ចព្រមព្រៀងរបស់សហករណ៍នេះ៖ បង្ហាញតែផ្នែករបស់អ្នកប៉ុណ្ណោះ។')).toBeVisible();
  await expect(page.getByText(b.name)).toHaveCount(0);
  const markA = page.getByRole('button', { name: 'សម្គាល់ថាផ្នែករបស់ខ្ញុំបានដឹករួច' });
  await expect(markA).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, 'coop-member-line-km');
  await markA.click();
  await expect(page.getByText(/បានសម្គាល់ថាដឹករួច៖ 600/)).toBeVisible();
  await expect(markA).toHaveCount(0);
  await expect(page.getByText('បានព្រមព្រៀង', { exact: true }).first()).toBeVisible();

  // Member B, on its own phone, in English: the last line marked delivers the deal.
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale });
  const bPage = waitingForTheApp(await context.newPage());
  await signInOnPage(bPage, b.owner);
  await bPage.goto(`/deals/${dealId}`);
  await bPage.getByRole('button', { name: 'English' }).click();
  await expect(bPage.getByText("You supply part of this cooperative's deal: only your lines are shown.")).toBeVisible();
  await expect(bPage.getByText(a.name)).toHaveCount(0);
  await bPage.getByRole('button', { name: 'Mark my line delivered' }).click();
  await expect(bPage.getByText('Delivered', { exact: true }).first()).toBeVisible();
  await expect(bPage.getByRole('button', { name: 'Mark my line delivered' })).toHaveCount(0);
  await expectAccessible(bPage);
  await screenshot(bPage, 'coop-member-last-line-en');
  await context.close();

  // The cooperative's owner sees both lines and the deal delivered.
  await signInOnPage(page, coopOwner);
  await page.goto(`/deals/${dealId}`);
  await expect(page.getByRole('listitem').filter({ hasText: a.name })).toHaveCount(1);
  await expect(page.getByRole('listitem').filter({ hasText: b.name })).toHaveCount(1);
  await expect(page.getByText('បានដឹកជញ្ជូន', { exact: true }).first()).toBeVisible();
});
