import type { APIRequestContext, Browser, Page, TestInfo } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, PASSWORD, registerViaApi, screenshot, signInOnPage, test, waitingForTheApp, type Account } from './support/fixtures';

// Trainees (farmers, vets, traders) find a roving training near them, register themselves or
// their organization, wait for a seat when a stop is full, and show their check-in code at
// the door of a village hall with no signal.

const as = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

/** `YYYY-MM-DD` of the day `days` from now, in Cambodia. */
function cambodiaDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(new Date(Date.now() + days * 86_400_000));
}

async function newPhone(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  return context.newPage();
}

async function organization(request: APIRequestContext, owner: Account, data: Record<string, unknown>): Promise<string> {
  const res = await request.post('/api/v1/organizations', { headers: as(owner), data });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function register(request: APIRequestContext, person: Account, sessionId: string): Promise<{ id: string; status: string }> {
  const res = await request.post(`/api/v1/training-sessions/${sessionId}/registrations`, { headers: as(person), data: {} });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; status: string };
}

test('the 31st farmer for a 30-seat stop waits, is promoted when one cancels, and shows her QR code offline', async ({ page, context, request, browser }, testInfo) => {
  test.setTimeout(240_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const supplier = await registerViaApi(request, 'Feed shop owner');
  const supplierName = `Kampong Cham Feed ${tag}`;
  const supplierId = await organization(request, supplier, { name: supplierName, kind: 'firm', capabilities: ['supply_inputs', 'sell'], provinceCode: 'KH-3', valueChains: ['feed', 'swine'] });
  const dayA = cambodiaDay(5);
  const dayB = cambodiaDay(6);
  const title = `Healthy pigs ${tag}`;
  const venueA = `Chamkar Leu commune hall ${tag}`;
  const venueB = `Prey Veng pagoda ${tag}`;
  const created = await request.post('/api/v1/trainings', {
    headers: as(supplier),
    data: {
      organizationId: supplierId,
      title,
      topic: 'Swine fever prevention',
      valueChains: ['swine', 'veterinary'],
      embeddedOffer: 'Free vaccine for the first 10 sows',
      sessions: [
        { startsAt: `${dayA}T08:00:00+07:00`, endsAt: `${dayA}T11:00:00+07:00`, provinceCode: 'KH-3', venue: venueA, capacity: 30 },
        { startsAt: `${dayB}T08:00:00+07:00`, endsAt: `${dayB}T11:00:00+07:00`, provinceCode: 'KH-14', venue: venueB, capacity: 40 },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const training = (await created.json()) as { id: string; sessions: Array<{ id: string; venue: string }> };
  const stopA = training.sessions.find((s) => s.venue === venueA)!.id;
  const stopB = training.sessions.find((s) => s.venue === venueB)!.id;

  // Thirty farmers take the thirty seats.
  const thirty: Array<{ person: Account; registrationId: string }> = [];
  for (let batch = 0; batch < 3; batch++) {
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => registerViaApi(request, `Farmer ${batch * 10 + i + 1} ${tag}`)));
    for (const person of people) {
      const registration = await register(request, person, stopA);
      expect(registration.status).toBe('confirmed');
      thirty.push({ person, registrationId: registration.id });
    }
  }

  // The 31st, signed out, opens the training page and is sent to sign in and back.
  const sreymom = await registerViaApi(request, `Sreymom ${tag}`);
  await page.goto(`/trainings/${training.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(`ដោយ ${supplierName}`)).toBeVisible();
  const cardA = page.getByRole('listitem').filter({ hasText: venueA });
  await expect(cardA.getByText('ពេញ · អាចចុះឈ្មោះរង់ចាំ')).toBeVisible();
  await expect(page.getByRole('link', { name: 'បញ្ចូលក្នុងប្រតិទិនរបស់ខ្ញុំ' })).toHaveAttribute('href', `/api/v1/trainings/${training.id}/calendar.ics`);
  await expectAccessible(page);
  await screenshot(page, 'trainee-training-signed-out-km');
  await cardA.getByRole('link', { name: 'ចូលគណនីដើម្បីចុះឈ្មោះ' }).click();
  await page.waitForURL('**/sign-in?**');
  await page.getByLabel(/លេខទូរស័ព្ទ/).fill(sreymom.phone);
  await page.getByLabel(/ពាក្យសម្ងាត់/).fill(PASSWORD);
  await page.getByRole('button', { name: /^ចូល$/ }).click();
  await page.waitForURL(`**/trainings/${training.id}`);

  await cardA.getByRole('button', { name: 'ចុះឈ្មោះរង់ចាំ' }).click();
  await expect(cardA.getByText('កំពុងរង់ចាំ · លេខ 1 ក្នុងជួរ')).toBeVisible();
  await expect(cardA.getByRole('button', { name: 'ចាកចេញពីបញ្ជីរង់ចាំ' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'trainee-waitlisted-km');

  // Farmer 7 cannot come after all: Sreymom gets the seat.
  const leaving = thirty[6]!;
  const cancel = await request.delete(`/api/v1/training-sessions/${stopA}/registrations/${leaving.registrationId}`, { headers: as(leaving.person) });
  expect(cancel.status(), await cancel.text()).toBe(204);
  // Her page says so by itself (the notification pushed to her phone), and after a reload.
  await expect(cardA.getByText('បានចុះឈ្មោះ', { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expect(cardA.getByText('បានចុះឈ្មោះ', { exact: true })).toBeVisible();
  await expect(cardA.getByRole('button', { name: 'បោះបង់ការចុះឈ្មោះ' })).toBeVisible();
  const mine = (await (await request.get('/api/v1/training-registrations', { headers: as(sreymom) })).json()) as { items: Array<{ sessionId: string; status: string; checkInCode: string | null }> };
  const code = mine.items.find((r) => r.sessionId === stopA)!.checkInCode!;
  expect(code).toBeTruthy();
  await expect(cardA.getByText(code)).toBeVisible();
  await screenshot(page, 'trainee-promoted-km');

  // Her registrations, with the code as text and as a QR image.
  await cardA.getByRole('link', { name: 'បង្ហាញកូដ QR' }).click();
  await page.waitForURL('**/my/registrations');
  await expect(page.getByRole('heading', { level: 1, name: 'ការចុះឈ្មោះចូលវគ្គរបស់ខ្ញុំ' })).toBeVisible();
  const pass = page.getByRole('listitem').filter({ hasText: title });
  await expect(pass.getByText('បានចុះឈ្មោះ', { exact: true })).toBeVisible();
  await expect(pass.getByText(code)).toBeVisible();
  const qr = pass.getByRole('img', { name: `កូដ QR សម្រាប់ចុះវត្តមាន ${code}` });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expectAccessible(page);
  await screenshot(page, 'trainee-my-registrations-km');

  // At the village hall, no signal: the app opens again (its service worker) with her pass.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await expect(qr).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'ការចុះឈ្មោះចូលវគ្គរបស់ខ្ញុំ' })).toBeVisible();
  await expect(pass.getByText(code)).toBeVisible();
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByText(/គ្មានអ៊ីនធឺណិត៖ បង្ហាញតាមការរក្សាទុកនៅលើទូរស័ព្ទនេះ/)).toBeVisible();
  await screenshot(page, 'trainee-my-registrations-offline-km');
  await context.setOffline(false);

  // Search finds the training by province, value chain and date.
  await page.goto('/trainings');
  await expect(page.getByRole('heading', { level: 1, name: 'ស្វែងរកវគ្គបណ្ដុះបណ្ដាល' })).toBeVisible();
  await page.getByLabel('ខេត្ត').selectOption('KH-3');
  await page.getByLabel('ខ្សែសង្វាក់តម្លៃ').selectOption('swine');
  await page.getByLabel('ចាប់ពីថ្ងៃ').fill(dayA);
  await page.getByLabel('ដល់ថ្ងៃ').fill(dayA);
  await page.getByRole('button', { name: 'ស្វែងរក', exact: true }).click();
  await page.waitForURL(/province=KH-3.*valueChain=swine/);
  const result = page.getByRole('listitem').filter({ hasText: title });
  await expect(result.getByRole('link', { name: title })).toBeVisible();
  await expect(result).toContainText(venueA);
  await expect(result).toContainText(`ដោយ ${supplierName}`);
  await expect(result).toContainText('ពេញ · អាចចុះឈ្មោះរង់ចាំ');
  await expectAccessible(page);
  await screenshot(page, 'trainee-search-km');
  // Another value chain (honey): not found.
  await page.getByLabel('ខ្សែសង្វាក់តម្លៃ').selectOption('honey');
  await page.getByRole('button', { name: 'ស្វែងរក', exact: true }).click();
  await page.waitForURL(/valueChain=honey/);
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);

  // English, one tap: no Khmer left on the three screens.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Find a training' })).toBeVisible();
  await expectNoKhmer(page, []);
  await page.goto(`/trainings/${training.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Registered', { exact: true })).toBeVisible();
  await expectNoKhmer(page, []);
  await screenshot(page, 'trainee-training-en');
  await page.goto('/my/registrations');
  await expect(page.getByRole('img', { name: `QR code for check-in code ${code}` })).toBeVisible();
  await expectNoKhmer(page, []);

  // A cooperative's leader registers three of its members for the Prey Veng stop.
  const leader = await registerViaApi(request, `Cooperative leader ${tag}`);
  const coopName = `Prey Veng Pig Raisers ${tag}`;
  await organization(request, leader, { name: coopName, kind: 'cooperative', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['swine'] });
  const coop = await newPhone(browser, testInfo);
  await signInOnPage(coop, leader);
  await coop.goto(`/trainings/${training.id}`);
  const cardB = coop.getByRole('listitem').filter({ hasText: venueB });
  await expect(cardB.getByText('នៅសល់ 40 កន្លែង')).toBeVisible();
  await cardB.getByLabel(`${coopName} (ច្រើនកន្លែង)`).check();
  await cardB.getByLabel('ចំនួនកៅអី').fill('៣');
  await expectAccessible(coop);
  await cardB.getByRole('button', { name: 'ចុះឈ្មោះ', exact: true }).click();
  await expect(cardB.getByText('បានចុះឈ្មោះ', { exact: true })).toBeVisible();
  await expect(cardB.getByText('3 កៅអី')).toBeVisible();
  await expect(cardB.getByText('នៅសល់ 37 កន្លែង')).toBeVisible();
  await screenshot(coop, 'trainee-organization-km');
  const session = (await (await request.get(`/api/v1/training-sessions/${stopB}`)).json()) as { seatsTaken: number };
  expect(session.seatsTaken).toBe(3);
  await coop.context().close();
});

test('with no script, the trainings search and a training page show their content', async ({ browser, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const supplier = await registerViaApi(request, 'Fish feed company');
  const supplierName = `Battambang Fish Feed ${tag}`;
  const supplierId = await organization(request, supplier, { name: supplierName, kind: 'firm', capabilities: ['supply_inputs'], provinceCode: 'KH-2', valueChains: ['aquaculture', 'feed'] });
  const day = cambodiaDay(9);
  const title = `Fish pond feeding ${tag}`;
  const created = await request.post('/api/v1/trainings', {
    headers: as(supplier),
    data: {
      organizationId: supplierId,
      title,
      topic: 'Feeding tilapia',
      valueChains: ['aquaculture'],
      sessions: [{ startsAt: `${day}T14:00:00+07:00`, endsAt: `${day}T16:00:00+07:00`, provinceCode: 'KH-2', venue: `Ek Phnom hall ${tag}`, capacity: 25 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const trainingId = ((await created.json()) as { id: string }).id;

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/trainings?province=KH-2&valueChain=aquaculture&from=${day}&to=${day}`);
  await expect(page.getByRole('heading', { level: 1, name: 'ស្វែងរកវគ្គបណ្ដុះបណ្ដាល' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: title });
  await expect(card.getByRole('link', { name: title })).toBeVisible();
  await expect(card).toContainText(`ដោយ ${supplierName}`);
  await expect(card).toContainText('នៅសល់ 25 កន្លែង');
  await screenshot(page, 'server-drawn-trainings-km');

  await card.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(`/trainings/${trainingId}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('link', { name: `ដោយ ${supplierName}` })).toBeVisible();
  await expect(page.getByText(`Ek Phnom hall ${tag}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'ចូលគណនីដើម្បីចុះឈ្មោះ' })).toBeVisible();
  await screenshot(page, 'server-drawn-training-km');
  await context.close();
});

test('near me finds a stop close by; a farmer joins its waitlist and leaves it again', async ({ browser, request }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const supplier = await registerViaApi(request, 'Vet supplier');
  const supplierId = await organization(request, supplier, { name: `Kampot Vet Supply ${tag}`, kind: 'firm', capabilities: ['supply_inputs'], provinceCode: 'KH-7', valueChains: ['veterinary'] });
  const day = cambodiaDay(11);
  const title = `Chicken vaccination ${tag}`;
  const venue = `Kampong Bay school ${tag}`;
  const created = await request.post('/api/v1/trainings', {
    headers: as(supplier),
    data: {
      organizationId: supplierId,
      title,
      topic: 'Newcastle disease',
      valueChains: ['veterinary'],
      // At the school itself, so "near me" measures from there.
      sessions: [{ startsAt: `${day}T08:00:00+07:00`, endsAt: `${day}T10:00:00+07:00`, provinceCode: 'KH-7', venue, location: { lat: 10.61, lng: 104.18 }, capacity: 1 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const training = (await created.json()) as { id: string; sessions: Array<{ id: string }> };
  await register(request, await registerViaApi(request, `First farmer ${tag}`), training.sessions[0]!.id);

  // A farmer a few kilometres away, with her phone's location allowed.
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL, geolocation: { latitude: 10.63, longitude: 104.2 }, permissions: ['geolocation'] });
  // "Near me" works once the app has taken the page over, not on the server's drawing of it.
  const page = waitingForTheApp(await context.newPage());
  const farmer = await registerViaApi(request, `Kampot farmer ${tag}`);
  await signInOnPage(page, farmer);
  await page.goto(`/trainings?from=${day}&to=${day}`);
  await page.getByRole('button', { name: 'នៅជិតខ្ញុំ' }).click();
  await page.waitForURL(/near=10\.630%2C104\.200/);
  await expect(page.getByLabel('ចម្ងាយ')).toHaveValue('50');
  const result = page.getByRole('listitem').filter({ hasText: title });
  await expect(result).toContainText(/ចម្ងាយ [0-9.]+ គ\.ម/);
  await expectAccessible(page);
  await screenshot(page, 'trainee-near-me-km');

  await result.getByRole('link', { name: title }).click();
  const card = page.getByRole('listitem').filter({ hasText: venue });
  await card.getByRole('button', { name: 'ចុះឈ្មោះរង់ចាំ' }).click();
  await expect(card.getByText('កំពុងរង់ចាំ · លេខ 1 ក្នុងជួរ')).toBeVisible();
  await card.getByRole('button', { name: 'ចាកចេញពីបញ្ជីរង់ចាំ' }).click();
  await expect(card.getByRole('button', { name: 'ចុះឈ្មោះរង់ចាំ' })).toBeVisible();
  await expect(card.getByText('ពេញ · អាចចុះឈ្មោះរង់ចាំ')).toBeVisible();
  const mine = (await (await request.get('/api/v1/training-registrations', { headers: as(farmer) })).json()) as { items: Array<{ status: string }> };
  expect(mine.items.map((r) => r.status)).toEqual(['cancelled']);
  await context.close();
});
