import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

// A buyer on a phone taps "message the seller" on a listing and writes in Khmer; the seller,
// on another phone, sees it arrive live, sees the buyer typing, replies; the buyer sees the
// reply and that their message was seen. Then the seller loses signal: the buyer writes, the
// seller writes too (it waits on the phone) and, back online, the seller's message is sent
// once and the buyer's reaches the seller.

const FIRST = 'សួស្តី តើឥដ្ឋ ២០០០០ ដុំ នៅមានទេ?';
const REPLY = 'បាទ នៅមាន! អាចដឹកទៅភ្នំពេញបាននៅថ្ងៃសុក្រ។';
const WHILE_OFFLINE = 'តម្លៃ ៥០០ រៀល ក្នុងមួយដុំ មែនទេ?';
const WRITTEN_OFFLINE = 'ខ្ញុំនៅការដ្ឋាន គ្មានសេវាទូរស័ព្ទ។ ចាំខ្ញុំហៅវិញ។';

async function post<T>(request: APIRequestContext, account: Account, path: string, data: unknown): Promise<T> {
  const response = await request.post(`/api/v1${path}`, { headers: { Authorization: `Bearer ${account.token}` }, data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** A second phone, like the test's own (360×640, Khmer, touch). */
async function secondPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale });
  return { context, page: await context.newPage() };
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
}

/** The text of each message body shown, exactly as the page has it. */
function bodies(page: Page): Promise<string[]> {
  return page.locator('.message-body').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
}

test('two people message each other live in Khmer, and a message written offline is sent once on reconnect', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const seller = await registerViaApi(request, `Sokha Kiln ${tag}`);
  const buyer = await registerViaApi(request, `Dara Builder ${tag}`);
  const sellerOrg = await post<{ id: string }>(request, seller, '/organizations', { name: `Kampong Chhnang Bricks ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-16' });
  const buyerOrg = await post<{ id: string; name: string }>(request, buyer, '/organizations', { name: `Mekong Build ${tag}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
  const listing = await post<{ id: string; title: string }>(request, seller, '/listings', {
    organizationId: sellerOrg.id,
    productCode: 'clay_brick',
    title: `Red clay bricks ${tag}`,
    quantity: '20000',
    unit: 'piece',
    price: { amount: '500', currency: 'KHR' },
    provinceCode: 'KH-16',
  });

  // The seller's phone, on their conversations.
  const sellerPhone = await secondPhone(browser);
  const sellerPage = sellerPhone.page;
  await signInOnPage(sellerPage, seller);
  await open(sellerPage, '/messages');
  await expect(sellerPage.getByRole('heading', { level: 1, name: 'សារ' })).toBeVisible();
  await expect(sellerPage.getByText('មិនទាន់មានការសន្ទនានៅឡើយទេ។', { exact: false })).toBeVisible();

  // The buyer, on the listing: message the seller.
  await signInOnPage(page, buyer);
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole('button', { name: 'ផ្ញើសារទៅអ្នកលក់' }).click();
  await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
  const conversationId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
  await expect(page.getByText(`ជាមួយ Kampong Chhnang Bricks ${tag}`)).toBeVisible();
  await page.getByLabel('សាររបស់អ្នក').fill(FIRST);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.mine:not(.waiting) .message-body')).toHaveText([FIRST]);
  expect(await bodies(page)).toEqual([FIRST]);

  // Tapped again from the listing: the same conversation, not another.
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole('button', { name: 'ផ្ញើសារទៅអ្នកលក់' }).click();
  await page.waitForURL(`**/messages/${conversationId}`);
  await expect(page.locator('.message-body')).toHaveText([FIRST]);

  // The seller sees it arrive, live: on top, from the buyer's firm, unread.
  const item = sellerPage.getByRole('link', { name: new RegExp(buyerOrg.name) });
  await expect(item).toBeVisible();
  await expect(item.locator('.conversation-preview')).toHaveText(FIRST);
  await expect(item.locator('.unread-badge')).toContainText('1 មិនទាន់អាន');
  await expect(sellerPage.getByRole('link', { name: 'សារ៖ 1 មិនទាន់អាន' })).toBeVisible();
  await screenshot(sellerPage, 'messages-list-km');
  await expectAccessible(sellerPage);

  await item.click();
  await sellerPage.waitForURL(`**/messages/${conversationId}`);
  await expect(sellerPage.locator('.message.theirs .message-body')).toHaveText([FIRST]);
  expect(await bodies(sellerPage)).toEqual([FIRST]);
  await expect(sellerPage.getByText(`Dara Builder ${tag}`, { exact: true })).toBeVisible();
  // Opened: read, so the header's count goes.
  await expect(sellerPage.getByRole('link', { name: 'សារ', exact: true })).toBeVisible();
  // The buyer sees theirs was seen.
  await expect(page.locator('.message.mine .message-seen')).toHaveText(/បានឃើញ/);

  // The buyer starts writing: the seller sees it.
  await page.getByLabel('សាររបស់អ្នក').pressSequentially('ចាំ', { delay: 50 });
  await expect(sellerPage.getByText(`Dara Builder ${tag} កំពុងសរសេរ…`)).toBeVisible();
  await page.getByLabel('សាររបស់អ្នក').fill('');

  // The seller replies; the buyer gets it live, and the seller's typing before it.
  await sellerPage.getByLabel('សាររបស់អ្នក').pressSequentially('បាទ', { delay: 50 });
  await expect(page.getByText(`Sokha Kiln ${tag} កំពុងសរសេរ…`)).toBeVisible();
  await sellerPage.getByLabel('សាររបស់អ្នក').fill(REPLY);
  await sellerPage.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.theirs .message-body')).toHaveText([REPLY]);
  expect(await bodies(page)).toEqual([FIRST, REPLY]);
  await expect(sellerPage.locator('.message.mine .message-seen')).toHaveText(/បានឃើញ/);
  await screenshot(page, 'conversation-buyer-km');
  await screenshot(sellerPage, 'conversation-seller-km');
  await expectAccessible(sellerPage);

  // The app is installed on the seller's phone (its service worker keeps the conversation readable offline).
  await sellerPage.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await open(sellerPage, `/messages/${conversationId}`);
  await expect.poll(() => sellerPage.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await expect(sellerPage.locator('.message-body')).toHaveText([FIRST, REPLY]);

  // The seller loses signal. The buyer writes; the seller writes too, and it waits.
  await sellerPhone.context.setOffline(true);
  await page.getByLabel('សាររបស់អ្នក').fill(WHILE_OFFLINE);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.mine:not(.waiting) .message-body')).toHaveText([FIRST, WHILE_OFFLINE]);
  await sellerPage.getByLabel('សាររបស់អ្នក').fill(WRITTEN_OFFLINE);
  await sellerPage.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  const waitingMessage = sellerPage.locator('.message.waiting');
  await expect(waitingMessage.locator('.message-body')).toHaveText(WRITTEN_OFFLINE);
  await expect(waitingMessage).toContainText('កំពុងរង់ចាំផ្ញើ');
  await screenshot(sellerPage, 'conversation-seller-offline-km');
  // The app closed and opened again, still without signal: the message still waits, once.
  await open(sellerPage, `/messages/${conversationId}`);
  await expect(sellerPage.locator('.message.waiting .message-body')).toHaveText([WRITTEN_OFFLINE]);
  await expect(sellerPage.locator('.message:not(.waiting) .message-body')).toHaveText([FIRST, REPLY]);

  // Back online: the waiting message goes once, and the buyer's arrives.
  await sellerPhone.context.setOffline(false);
  await expect(sellerPage.locator('.message.waiting')).toHaveCount(0, { timeout: 20_000 });
  await expect(sellerPage.locator('.message-body')).toHaveText([FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE], { timeout: 20_000 });
  expect(await bodies(sellerPage)).toEqual([FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE]);
  await expect(page.locator('.message.theirs .message-body')).toHaveText([REPLY, WRITTEN_OFFLINE]);
  // A reload does not send it again.
  await open(sellerPage, `/messages/${conversationId}`);
  await expect(sellerPage.locator('.message-body')).toHaveText([FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE]);
  const stored = await request.get(`/api/v1/conversations/${conversationId}/messages?limit=100`, { headers: { Authorization: `Bearer ${buyer.token}` } });
  const storedBodies = ((await stored.json()) as { items: Array<{ body: string }> }).items.map((m) => m.body);
  expect(storedBodies.filter((b) => b === WRITTEN_OFFLINE)).toHaveLength(1);
  expect(storedBodies).toHaveLength(4);

  // A longer history: 25 more from the buyer (through the API); the first page is the newest 20.
  for (let i = 1; i <= 25; i++) {
    await post(request, buyer, `/conversations/${conversationId}/messages`, { body: `Load ${i} of 25`, clientMessageId: `e2e-${tag}-${i}` });
  }
  await open(sellerPage, `/messages/${conversationId}`);
  await expect(sellerPage.locator('.message-body')).toHaveCount(20);
  await expect(sellerPage.locator('.message-body').last()).toHaveText('Load 25 of 25');
  await sellerPage.getByRole('button', { name: 'បង្ហាញសារចាស់ៗ' }).click();
  await expect(sellerPage.locator('.message-body')).toHaveCount(29);
  expect((await bodies(sellerPage)).slice(0, 4)).toEqual([FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE]);
  await expect(sellerPage.getByRole('button', { name: 'បង្ហាញសារចាស់ៗ' })).toHaveCount(0);

  // In English: nothing in Khmer but what the people wrote.
  await sellerPage.getByRole('button', { name: 'English' }).click();
  await expect(sellerPage.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(sellerPage.getByLabel('Your message')).toBeVisible();
  await expectNoKhmer(sellerPage, [FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE]);
  await screenshot(sellerPage, 'conversation-seller-en');
  await open(sellerPage, '/messages');
  await expect(sellerPage.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await expect(sellerPage.getByRole('link', { name: new RegExp(buyerOrg.name) })).toContainText('Load 25 of 25');
  await expectNoKhmer(sellerPage, [FIRST, REPLY, WHILE_OFFLINE, WRITTEN_OFFLINE]);
  await screenshot(sellerPage, 'messages-list-en');
  await expectAccessible(sellerPage);
  await sellerPhone.context.close();
});

test('a producer looking at a demand messages the buyer, and finds the same conversation the next time', async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const buyer = await registerViaApi(request, `Chan Buyer ${tag}`);
  const producer = await registerViaApi(request, `Kep Kiln ${tag}`);
  const buyerOrg = await post<{ id: string; name: string }>(request, buyer, '/organizations', { name: `Chan Construction ${tag}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
  await post(request, producer, '/organizations', { name: `Kep Tiles ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-16' });
  const neededBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const demand = await post<{ id: string }>(request, buyer, '/demands', {
    organizationId: buyerOrg.id,
    productCode: 'clay_brick',
    quantity: '20000',
    unit: 'piece',
    deliveryProvinceCode: 'KH-12',
    neededBy: `${neededBy}T17:00:00+07:00`,
    allowPooled: false,
  });

  await signInOnPage(page, producer);
  await page.goto(`/demands/${demand.id}/quote`);
  await page.getByRole('button', { name: 'ផ្ញើសារទៅអ្នកទិញ' }).click();
  await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
  const conversationId = page.url().split('/').pop()!;
  await expect(page.getByText(`ជាមួយ ${buyerOrg.name}`)).toBeVisible();
  await page.getByLabel('សាររបស់អ្នក').fill(FIRST);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.mine:not(.waiting) .message-body')).toHaveText([FIRST]);
  await expectAccessible(page);

  await page.goto(`/demands/${demand.id}/quote`);
  await page.getByRole('button', { name: 'ផ្ញើសារទៅអ្នកទិញ' }).click();
  await page.waitForURL(`**/messages/${conversationId}`);
  await expect(page.locator('.message-body')).toHaveText([FIRST]);

  // The buyer has it, about their demand.
  const list = await request.get('/api/v1/conversations', { headers: { Authorization: `Bearer ${buyer.token}` } });
  const conversations = ((await list.json()) as { items: Array<{ id: string; context: unknown; unreadCount: number }> }).items;
  expect(conversations).toEqual([expect.objectContaining({ id: conversationId, context: { type: 'demand', id: demand.id }, unreadCount: 1 })]);
});

test("a farmer asks the trainer about a training, and asks a fair's organizer about the fair", async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const supplier = await registerViaApi(request, `Sok Feed ${tag}`);
  const organizer = await registerViaApi(request, `Prey Veng Department ${tag}`);
  const farmer = await registerViaApi(request, `Srey Pig Farm ${tag}`);
  const supplierOrg = await post<{ id: string; name: string }>(request, supplier, '/organizations', {
    name: `Battambang Feed ${tag}`,
    kind: 'firm',
    capabilities: ['supply_inputs'],
    provinceCode: 'KH-2',
    valueChains: ['swine', 'feed'],
  });
  const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const training = await post<{ id: string }>(request, supplier, '/trainings', {
    organizationId: supplierOrg.id,
    title: `Healthy pigs ${tag}`,
    topic: 'Swine fever',
    valueChains: ['swine'],
    sessions: [{ startsAt: `${day}T08:00:00+07:00`, endsAt: `${day}T11:00:00+07:00`, provinceCode: 'KH-2', venue: `Pagoda hall ${tag}`, capacity: 20 }],
  });
  const organizerOrg = await post<{ id: string }>(request, organizer, '/organizations', {
    name: `Prey Veng Commerce ${tag}`,
    kind: 'government',
    capabilities: ['organize_fairs'],
    provinceCode: 'KH-14',
    valueChains: [],
  });
  const fair = await post<{ id: string }>(request, organizer, '/trade-fairs', {
    organizationId: organizerOrg.id,
    name: `Prey Veng Fair ${tag}`,
    provinceCode: 'KH-14',
    venue: 'Provincial Hall grounds',
    startsOn: day,
    endsOn: day,
    applicationsCloseAt: `${day}T00:00:00+07:00`,
    floorPlan: { width: 30, height: 20 },
  });
  // A fair is public once open, and it opens with its stalls drawn.
  await post(request, organizer, `/trade-fairs/${fair.id}/stalls`, [{ code: 'A-01', x: 0, y: 0, width: 3, height: 3, price: { amount: '40.00', currency: 'USD' } }]);
  const opened = await request.post(`/api/v1/trade-fairs/${fair.id}/open`, { headers: { Authorization: `Bearer ${organizer.token}` } });
  expect(opened.status(), await opened.text()).toBe(200);

  await signInOnPage(page, farmer);
  await page.goto(`/trainings/${training.id}`);
  await page.getByRole('button', { name: 'សួរគ្រូបណ្តុះបណ្តាល' }).click();
  await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
  await page.getByLabel('សាររបស់អ្នក').fill(FIRST);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.mine:not(.waiting) .message-body')).toHaveText([FIRST]);

  await page.goto(`/fairs/${fair.id}`);
  await page.getByRole('button', { name: 'ផ្ញើសារទៅអ្នករៀបចំ' }).click();
  await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
  await page.getByLabel('សាររបស់អ្នក').fill(REPLY);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.mine:not(.waiting) .message-body')).toHaveText([REPLY]);

  // The trainer and the organizer each have the conversation, about their own thing.
  const about = async (account: Account) =>
    ((await (await request.get('/api/v1/conversations', { headers: { Authorization: `Bearer ${account.token}` } })).json()) as { items: Array<{ context: unknown }> }).items.map((c) => c.context);
  expect(await about(supplier)).toEqual([{ type: 'training', id: training.id }]);
  expect(await about(organizer)).toEqual([{ type: 'trade_fair', id: fair.id }]);
});

test('a message written offline goes when the connection returns, though its conversation is never opened again', async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const seller = await registerViaApi(request, `Vanna Kiln ${tag}`);
  const buyer = await registerViaApi(request, `Chenda Build ${tag}`);
  const conversation = await post<{ id: string }>(request, buyer, '/conversations', { participants: [{ userId: seller.userId }], subject: `Bricks ${tag}` });
  await signInOnPage(page, seller);
  await open(page, `/messages/${conversation.id}`);
  await expect.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.ready) && navigator.serviceWorker.controller))).toBe(true);

  // No signal at the kiln: the message waits on the phone. The app is closed and later opened
  // again, still offline, on another screen.
  await page.context().setOffline(true);
  await page.getByLabel('សាររបស់អ្នក').fill(WRITTEN_OFFLINE);
  await page.getByRole('button', { name: 'ផ្ញើ', exact: true }).click();
  await expect(page.locator('.message.waiting .message-body')).toHaveText(WRITTEN_OFFLINE);
  await open(page, '/my');

  // In town, signal again: it goes, once, with no conversation screen open.
  await page.context().setOffline(false);
  const stored = async () => {
    const response = await request.get(`/api/v1/conversations/${conversation.id}/messages?limit=100`, { headers: { Authorization: `Bearer ${buyer.token}` } });
    return ((await response.json()) as { items: Array<{ body: string }> }).items.map((m) => m.body);
  };
  await expect.poll(stored, { timeout: 30_000 }).toEqual([WRITTEN_OFFLINE]);
  expect(new URL(page.url()).pathname).toBe('/my');
  await open(page, `/messages/${conversation.id}`);
  await expect(page.locator('.message-body')).toHaveText([WRITTEN_OFFLINE]);
  await expect(page.locator('.message.waiting')).toHaveCount(0);
});
