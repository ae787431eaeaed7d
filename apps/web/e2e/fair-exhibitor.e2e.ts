import type { APIRequestContext, Browser, Page, TestInfo } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

// Exhibitors at a provincial fair (the issue's own case): a 20-stall row drawn on a 360 px
// phone, two of them reaching for the same stall at once, the winner's showcase on the
// fair's public page, and the sales reported at the end.

const DAY_MS = 86_400_000;
const cambodiaDate = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
const instantIn = (hours: number) => `${new Date(Date.now() + 7 * 3_600_000 + hours * 3_600_000).toISOString().slice(0, 19)}+07:00`;
const as = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

async function post(request: APIRequestContext, account: Account, path: string, data: unknown, status = 201): Promise<any> {
  const res = await request.post(path, { headers: as(account), data });
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

interface Exhibitor {
  account: Account;
  orgId: string;
  orgName: string;
  listingId: string;
  listingTitle: string;
}

async function makeExhibitor(request: APIRequestContext, name: string, tag: string): Promise<Exhibitor> {
  const account = await registerViaApi(request, name);
  const orgName = `${name} Kiln ${tag}`;
  const org = await post(request, account, '/api/v1/organizations', { name: orgName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'] });
  const listingTitle = `${name} roof tiles grade A ${tag}`;
  const listing = await post(request, account, '/api/v1/listings', {
    organizationId: org.id,
    productCode: 'clay_roof_tile',
    title: listingTitle,
    quantity: '20000',
    unit: 'piece',
    price: { amount: '1200', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
  });
  return { account, orgId: org.id, orgName, listingId: listing.id, listingTitle };
}

async function phone(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  return context.newPage();
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
}

const stall = (page: Page, code: string) => page.locator(`.plan-svg [data-code="${code}"] rect`);

test('two exhibitors tap the same free stall at once: one gets it; the winner shows listings, is approved, appears on the public page and reports sales', async ({ page, request, browser }, testInfo) => {
  test.setTimeout(180_000);
  const tag = randomBytes(3).toString('hex');

  // The fair, made and opened through the API: running since yesterday, requests open for another hour.
  const organizer = await registerViaApi(request, 'Prey Veng Department');
  const organizerOrg = await post(request, organizer, '/api/v1/organizations', {
    name: `Prey Veng Commerce Department ${tag}`,
    kind: 'government',
    capabilities: ['organize_fairs'],
    provinceCode: 'KH-14',
    valueChains: [],
  });
  const fairName = `Prey Veng Local Products Fair ${tag}`;
  const fair = await post(request, organizer, '/api/v1/trade-fairs', {
    organizationId: organizerOrg.id,
    name: fairName,
    provinceCode: 'KH-14',
    venue: 'Provincial Hall grounds',
    startsOn: cambodiaDate(-1),
    endsOn: cambodiaDate(1),
    applicationsCloseAt: instantIn(1),
    floorPlan: { width: 60, height: 40 },
  });
  // Today's worst case: one row of 20 stalls of 3 × 3 m across a 60 m hall (17 px a stall if drawn whole on a phone).
  const row = Array.from({ length: 20 }, (_, i) => ({ code: `A-${String(i + 1).padStart(2, '0')}`, x: i * 3, y: 2, width: 3, height: 3, price: { amount: '40.00', currency: 'USD' } }));
  await post(request, organizer, `/api/v1/trade-fairs/${fair.id}/stalls`, row);
  await post(request, organizer, `/api/v1/trade-fairs/${fair.id}/open`, undefined, 200);
  const fairPath = `/fairs/${fair.id}`;

  const [sophea, dara] = await Promise.all([makeExhibitor(request, 'Sophea', tag), makeExhibitor(request, 'Dara', tag)]);

  // The fairs directory, signed out (this test's own page).
  await open(page, '/fairs');
  await expect(page.getByRole('heading', { level: 1, name: 'ពិព័រណ៍ពាណិជ្ជកម្ម' })).toBeVisible();
  await page.getByRole('link', { name: fairName }).click();
  await expect(page).toHaveURL(fairPath);
  await expect(page.getByRole('heading', { level: 1, name: fairName })).toBeVisible();
  await open(page, '/fairs');
  await expectAccessible(page);
  await screenshot(page, 'fair-list-km');

  // Two phones, both 360 × 640 in Khmer, both signed in with their own organization.
  const [pageA, pageB] = await Promise.all([phone(browser, testInfo), phone(browser, testInfo)]);
  await signInOnPage(pageA, sophea.account);
  await signInOnPage(pageB, dara.account);
  await Promise.all([open(pageA, fairPath), open(pageB, fairPath)]);
  await expect(pageA.getByRole('heading', { level: 2, name: 'ប្លង់ពិព័រណ៍' })).toBeVisible();
  await expect(pageA.getByRole('heading', { level: 2, name: 'ស្តង់ទំនេរ (20)' })).toBeVisible();

  // The plan at phone width: a stall is at least 44 px under the finger, and the zoom and the drag move it.
  const first = (await stall(pageA, 'A-01').boundingBox())!;
  expect(first.width).toBeGreaterThanOrEqual(44);
  expect(first.height).toBeGreaterThanOrEqual(44);
  expect(first.x).toBeGreaterThanOrEqual(0);
  await screenshot(pageA, 'fair-page-km');
  await pageA.getByRole('button', { name: 'ពង្រីក', exact: true }).click();
  const zoomed = (await stall(pageA, 'A-01').boundingBox())!;
  expect(zoomed.width).toBeGreaterThan(first.width * 1.4);
  // Dragged with the mouse here (a finger goes through the same pointer events).
  await pageA.locator('.plan-box').scrollIntoViewIfNeeded();
  const box = (await pageA.locator('.plan-box').boundingBox())!;
  const a05 = (await stall(pageA, 'A-05').boundingBox())!;
  await pageA.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  await pageA.mouse.down();
  await pageA.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await pageA.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 8 });
  await pageA.mouse.up();
  const dragged = (await stall(pageA, 'A-05').boundingBox())!;
  expect(dragged.x).toBeLessThan(a05.x - 100);
  await pageA.getByRole('button', { name: 'បង្រួម', exact: true }).click();
  // Two fingers spread apart on the plan: it zooms in.
  const beforePinch = (await stall(pageA, 'A-03').boundingBox())!;
  const cdp = await pageA.context().newCDPSession(pageA);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const fingers = (gap: number) => [
    { x: cx - gap, y: cy, id: 0 },
    { x: cx + gap, y: cy, id: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
  for (const gap of [30, 45, 60, 75, 90]) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(gap) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const pinched = (await stall(pageA, 'A-03').boundingBox())!;
  expect(pinched.width).toBeGreaterThan(beforePinch.width * 1.5);
  await pageA.getByRole('button', { name: 'ត្រឡប់ទៅដើម' }).click();
  const back = (await stall(pageA, 'A-01').boundingBox())!;
  expect(back.width).toBeCloseTo(first.width, 0);
  expect(back.x).toBeCloseTo(first.x, 0);
  await expectAccessible(pageA);

  // Both tap stall A-01 on the plan and confirm at the same moment.
  await Promise.all([stall(pageA, 'A-01').click(), stall(pageB, 'A-01').click()]);
  for (const p of [pageA, pageB]) await expect(p.getByRole('heading', { level: 3, name: 'ស្នើសុំស្តង់ A-01' })).toBeFocused();
  await screenshot(pageA, 'fair-request-panel-km');
  await expectAccessible(pageA);
  await Promise.all([
    pageA.getByRole('button', { name: 'ស្នើសុំស្តង់នេះ' }).click(),
    pageB.getByRole('button', { name: 'ស្នើសុំស្តង់នេះ' }).click(),
  ]);
  const sent = (p: Page) => p.getByRole('status').filter({ hasText: 'បានស្នើសុំស្តង់ A-01 ហើយ' });
  const taken = (p: Page) => p.getByRole('alert').filter({ hasText: 'ស្តង់ A-01 ទើបតែមានអ្នកផ្សេងយកបាត់ហើយ' });
  await expect(pageA.locator('.request-ok, .form-error').first()).toBeVisible();
  await expect(pageB.locator('.request-ok, .form-error').first()).toBeVisible();
  const aWon = await sent(pageA).isVisible();
  const [winner, winnerPage, loser, loserPage] = aWon ? [sophea, pageA, dara, pageB] : [dara, pageB, sophea, pageA];
  await expect(sent(winnerPage)).toBeVisible();
  await expect(taken(winnerPage)).toHaveCount(0);
  await expect(taken(loserPage)).toBeVisible();
  await expect(sent(loserPage)).toHaveCount(0);
  // The loser's plan is up to date again: A-01 is drawn as requested, and gone from the free list.
  await expect(loserPage.locator('.plan-svg [data-code="A-01"]')).toHaveAttribute('data-availability', 'requested');
  await expect(loserPage.getByRole('heading', { level: 2, name: 'ស្តង់ទំនេរ (19)' })).toBeVisible();
  await screenshot(loserPage, 'fair-stall-taken-km');
  await screenshot(winnerPage, 'fair-stall-requested-km');
  const bookings = async () => {
    const res = await request.get(`/api/v1/trade-fairs/${fair.id}/bookings`, { headers: as(organizer) });
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as { items: Array<{ id: string; stall: { code: string }; exhibitor: { id: string }; status: string }> }).items;
  };
  const afterRace = await bookings();
  expect(afterRace).toHaveLength(1);
  expect(afterRace[0]!.exhibitor.id).toBe(winner.orgId);

  // The loser takes another stall from the free-stall list by keyboard alone.
  const a02 = loserPage.getByRole('button', { name: /^A-02/ });
  await a02.focus();
  await loserPage.keyboard.press('Enter');
  await expect(loserPage.getByRole('heading', { level: 3, name: 'ស្នើសុំស្តង់ A-02' })).toBeFocused();
  await loserPage.keyboard.press('Tab');
  for (let i = 0; i < 8 && !(await loserPage.getByRole('button', { name: 'ស្នើសុំស្តង់នេះ' }).evaluate((el) => el === document.activeElement)); i++) {
    await loserPage.keyboard.press('Tab');
  }
  await expect(loserPage.getByRole('button', { name: 'ស្នើសុំស្តង់នេះ' })).toBeFocused();
  await loserPage.keyboard.press('Enter');
  await expect(loserPage.getByRole('status').filter({ hasText: 'បានស្នើសុំស្តង់ A-02 ហើយ' })).toBeVisible();
  await expect(loserPage.locator('.plan-svg [data-code="A-02"]')).toHaveAttribute('data-availability', 'requested');
  expect((await bookings()).map((b) => b.stall.code).sort()).toEqual(['A-01', 'A-02']);

  // The loser changes their mind: cancels A-02 from their requests, and it is free again.
  await open(loserPage, '/my/stall-bookings');
  await expect(loserPage.getByText('បានស្នើ កំពុងរង់ចាំអ្នករៀបចំ')).toBeVisible();
  loserPage.once('dialog', (dialog) => void dialog.accept());
  await loserPage.getByRole('button', { name: 'បោះបង់ស្តង់ A-02' }).click();
  await expect(loserPage.getByText('បានបោះបង់', { exact: true })).toBeVisible();
  await expect(loserPage.getByRole('button', { name: 'បោះបង់ស្តង់ A-02' })).toHaveCount(0);
  expect((await bookings()).find((b) => b.stall.code === 'A-02')!.status).toBe('cancelled');

  // The winner follows the request and chooses what to show.
  await open(winnerPage, '/my/stall-bookings');
  await expect(winnerPage.getByRole('heading', { level: 1, name: 'ស្តង់ពិព័រណ៍របស់ខ្ញុំ' })).toBeVisible();
  await expect(winnerPage.getByText('បានស្នើ កំពុងរង់ចាំអ្នករៀបចំ')).toBeVisible();
  await winnerPage.getByRole('checkbox', { name: winner.listingTitle }).check();
  await winnerPage.getByRole('button', { name: 'រក្សាទុកអ្វីដែលខ្ញុំបង្ហាញ' }).click();
  await expect(winnerPage.getByRole('status').filter({ hasText: 'បានរក្សាទុក' })).toBeVisible();
  await expectAccessible(winnerPage);
  await screenshot(winnerPage, 'fair-my-bookings-requested-km');

  // The organizer approves (API).
  const winning = (await bookings()).find((b) => b.stall.code === 'A-01')!;
  await post(request, organizer, `/api/v1/stall-bookings/${winning.id}/approve`, {}, 200);

  // Signed out, without any script: the fair's public page shows the exhibitor and its showcased listing.
  const visitor = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL, javaScriptEnabled: false });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto('/fairs');
  await expect(visitorPage.getByRole('link', { name: fairName })).toHaveAttribute('href', fairPath);
  await visitorPage.goto(fairPath);
  await expect(visitorPage.getByRole('heading', { level: 1, name: fairName })).toBeVisible();
  await expect(visitorPage.locator('.plan-svg [data-code="A-01"]')).toHaveAttribute('data-availability', 'taken');
  await expect(visitorPage.getByRole('link', { name: winner.orgName })).toBeVisible();
  await expect(visitorPage.getByRole('link', { name: winner.listingTitle })).toHaveAttribute('href', `/listings/${winner.listingId}`);
  await expect(visitorPage.getByText(loser.orgName)).toHaveCount(0);
  await screenshot(visitorPage, 'fair-public-no-script-km');
  await visitor.close();
  // With the script too, and the listing opens.
  await open(page, fairPath);
  await expect(page.getByRole('link', { name: winner.orgName })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: winner.listingTitle }).click();
  await expect(page).toHaveURL(`/listings/${winner.listingId}`);

  // The winner's stall is approved; sales reported (the fair is under way: from its first day).
  await open(winnerPage, '/my/stall-bookings');
  await expect(winnerPage.getByText('បានអនុម័ត', { exact: true })).toBeVisible();
  // First without signal at the fairground: kept on the phone, sent once back online.
  await winnerPage.getByLabel('ទំនិញដែលអ្នកបានលក់នៅពិព័រណ៍ គ្រប់ថ្ងៃរួមគ្នា').fill('1,000,000');
  await winnerPage.context().setOffline(true);
  await winnerPage.getByRole('button', { name: 'រាយការណ៍ការលក់របស់ខ្ញុំ' }).click();
  await expect(winnerPage.getByRole('status').filter({ hasText: 'គ្មានសេវាអ៊ីនធឺណិត៖ របាយការណ៍ 1,000,000៛' })).toBeVisible();
  await screenshot(winnerPage, 'fair-my-bookings-sales-offline-km');
  await winnerPage.context().setOffline(false);
  const reportedSales = async () => ((await (await request.get(`/api/v1/trade-fairs/${fair.id}/stats`)).json()) as { reportedSales: Array<{ amount: string; currency: string }> }).reportedSales;
  await expect.poll(async () => (await reportedSales()).map((m) => `${Number(m.amount)} ${m.currency}`), { timeout: 20_000 }).toEqual(['1000000 KHR']);
  // Then corrected online: the new total replaces it.
  await winnerPage.getByLabel('ទំនិញដែលអ្នកបានលក់នៅពិព័រណ៍ គ្រប់ថ្ងៃរួមគ្នា').fill('1,250,000');
  await winnerPage.getByRole('button', { name: 'រាយការណ៍ការលក់របស់ខ្ញុំ' }).click();
  await expect(winnerPage.getByRole('status').filter({ hasText: 'បានរាយការណ៍៖ 1,250,000៛' })).toBeVisible();
  await expectAccessible(winnerPage);
  await screenshot(winnerPage, 'fair-my-bookings-sales-km');
  expect((await reportedSales()).map((m) => `${Number(m.amount)} ${m.currency}`)).toEqual(['1250000 KHR']);

  // In English: no Khmer left on the exhibitor's screens.
  await winnerPage.getByRole('button', { name: 'English' }).click();
  await expect(winnerPage.getByRole('heading', { level: 1, name: 'My fair stalls' })).toBeVisible();
  await expectNoKhmer(winnerPage, []);
  await screenshot(winnerPage, 'fair-my-bookings-en');
  await open(winnerPage, fairPath);
  await expect(winnerPage.getByRole('heading', { level: 2, name: 'Floor plan' })).toBeVisible();
  await expectNoKhmer(winnerPage, []);
  await expectAccessible(winnerPage);
  await screenshot(winnerPage, 'fair-page-en');
  await open(winnerPage, '/fairs');
  await expect(winnerPage.getByRole('heading', { level: 1, name: 'Trade fairs' })).toBeVisible();
  await expectNoKhmer(winnerPage, []);

  await pageA.context().close();
  await pageB.context().close();
});
