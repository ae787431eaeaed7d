import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, newPhone, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// A training stop at a village hall without signal (issue 15): the field team's phones took
// the list while online, check people in offline, and upload when back in reach of a network.

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩';
const toKhmerDigits = (code: string) => code.replace(/[0-9]/g, (d) => KHMER_DIGITS[Number(d)]!);

interface ListEntry {
  code: string | null;
  name: string | null;
  checkedInAt: string | null;
}

async function attended(request: APIRequestContext, token: string, sessionId: string): Promise<number> {
  const res = await request.get(`/api/v1/training-sessions/${sessionId}/check-in-list`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { registrations: ListEntry[] }).registrations.filter((r) => r.checkedInAt !== null).length;
}

async function checkIn(page: Page, code: string): Promise<void> {
  await page.getByLabel('លេខកូដចុះវត្តមាន').fill(code);
  await page.getByRole('button', { name: 'ចុះវត្តមាន', exact: true }).click();
}

const scans = (page: Page) => page.locator('.check-in-scans li');

test('checks in offline on two phones; the upload records each person once and says what was duplicate or unknown', async ({ page, request, browser }, testInfo) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const owner = await registerViaApi(request, 'Feed shop owner');
  const [staffA, staffB, ...people] = await Promise.all([
    registerViaApi(request, 'Field officer Sokha'),
    registerViaApi(request, 'Field officer Dara'),
    registerViaApi(request, `Farmer Chenda ${tag}`),
    registerViaApi(request, `Farmer Vanna ${tag}`),
    registerViaApi(request, `Farmer Pisey ${tag}`),
  ]);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const orgRes = await request.post('/api/v1/organizations', {
    headers: as(owner.token),
    data: { name: `Kampong Cham Feed ${tag}`, kind: 'firm', capabilities: ['supply_inputs', 'sell'], provinceCode: 'KH-3', valueChains: ['feed', 'veterinary'] },
  });
  expect(orgRes.status(), await orgRes.text()).toBe(201);
  const org = (await orgRes.json()) as { id: string };
  for (const staff of [staffA!, staffB!]) {
    const res = await request.post(`/api/v1/organizations/${org.id}/members`, { headers: as(owner.token), data: { userId: staff.userId, role: 'member' } });
    expect(res.status(), await res.text()).toBe(201);
  }
  // The stop is today, in two hours: scans from this morning are its attendance.
  const startsAt = new Date(Date.now() + 2 * 3_600_000);
  const trainingRes = await request.post('/api/v1/trainings', {
    headers: as(owner.token),
    data: {
      organizationId: org.id,
      title: `Healthy pigs ${tag}`,
      topic: 'Swine health',
      valueChains: ['swine', 'veterinary'],
      sessions: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(), provinceCode: 'KH-3', venue: 'Commune hall', capacity: 30 }],
    },
  });
  expect(trainingRes.status(), await trainingRes.text()).toBe(201);
  const sessionId = ((await trainingRes.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;
  const codes: string[] = [];
  for (const person of people) {
    const res = await request.post(`/api/v1/training-sessions/${sessionId}/registrations`, { headers: as(person.token), data: {} });
    expect(res.status(), await res.text()).toBe(201);
    codes.push(((await res.json()) as { checkInCode: string }).checkInCode);
  }
  const unknown = ['222222', '333333', '444444'].find((c) => !codes.includes(c))!;
  const screen = `/training-sessions/${sessionId}/check-in`;

  // Phone A, this morning in town: the list is downloaded and kept.
  await signInOnPage(page, staffA!);
  await page.goto(screen);
  await expect(page.getByRole('heading', { level: 1, name: 'ចុះវត្តមានអ្នកចូលរួមវគ្គបណ្ដុះបណ្ដាល' })).toBeVisible();
  await expect(page.getByText(/បញ្ជីដែលរក្សាទុកនៅលើទូរស័ព្ទនេះ/)).toBeVisible();
  await expect(page.getByText('បានចុះវត្តមាន 0 / បានចុះឈ្មោះ 3')).toBeVisible();

  // Phone B (another staff member) too.
  const contextB = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  const pageB = await contextB.newPage();
  await signInOnPage(pageB, staffB!);
  await pageB.goto(screen);
  await expect(pageB.getByText('បានចុះវត្តមាន 0 / បានចុះឈ្មោះ 3')).toBeVisible();
  // Its service worker installed, so the app opens again without signal.
  await pageB.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await pageB.reload();
  await expect.poll(() => pageB.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await expect(pageB.getByText('បានចុះវត្តមាន 0 / បានចុះឈ្មោះ 3')).toBeVisible();

  // At the village hall: no signal.
  await page.context().setOffline(true);
  await contextB.setOffline(true);

  // Typed with Khmer digits, as a Khmer keyboard gives them.
  await checkIn(page, toKhmerDigits(codes[0]!.toLowerCase()));
  await expect(scans(page).first()).toContainText(`Farmer Chenda ${tag}`);
  await expect(scans(page).first()).toContainText('បានចុះវត្តមាន កំពុងរង់ចាំផ្ញើ');
  await checkIn(page, codes[1]!);
  await expect(scans(page).first()).toContainText(`Farmer Vanna ${tag}`);
  await expect(scans(page).first()).toContainText('បានចុះវត្តមាន កំពុងរង់ចាំផ្ញើ');
  await checkIn(page, codes[0]!);
  await expect(scans(page).first()).toContainText('បានចុះវត្តមានរួចហើយ');
  await checkIn(page, unknown);
  await expect(scans(page).first()).toContainText('លេខកូដមិនស្គាល់');
  await expect(page.getByText('4 កំពុងរង់ចាំផ្ញើ')).toBeVisible();
  await expect(page.getByText('បានចុះវត្តមាន 2 / បានចុះឈ្មោះ 3')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'check-in-offline-km');

  // Phone B checks Vanna in too, offline.
  await checkIn(pageB, codes[1]!);
  await expect(scans(pageB).first()).toContainText('បានចុះវត្តមាន កំពុងរង់ចាំផ្ញើ');
  // The app closed and opened again, still without signal: the kept list and the scan are there.
  await pageB.reload();
  await expect(pageB.getByText('1 កំពុងរង់ចាំផ្ញើ')).toBeVisible();
  await expect(scans(pageB).first()).toContainText(`Farmer Vanna ${tag}`);
  await expect(pageB.getByText('បានចុះវត្តមាន 1 / បានចុះឈ្មោះ 3')).toBeVisible();
  await expect(pageB.getByText('1 កំពុងរង់ចាំផ្ញើ')).toBeVisible();

  // Back in reach of a network: phone A uploads on its own.
  await page.context().setOffline(false);
  await expect(page.getByText('បានកត់ត្រា 2 ស្ទួន 1 មិនស្គាល់ 1')).toBeVisible();
  await expect(page.getByText('0 កំពុងរង់ចាំផ្ញើ')).toBeVisible();
  await expect(scans(page).filter({ hasText: 'បានកត់ត្រាវត្តមាន' })).toHaveCount(2);
  await expect(scans(page).filter({ hasText: 'ស្ទួន៖ បានចុះវត្តមានរួចហើយ' })).toHaveCount(1);
  await expect(scans(page).filter({ hasText: 'គ្មានលេខកូដនេះទេ' })).toHaveCount(1);
  await expect(page.getByText('បានចុះវត្តមាន 2 / បានចុះឈ្មោះ 3')).toBeVisible();
  expect(await attended(request, owner.token, sessionId)).toBe(2);
  await expectAccessible(page);
  await screenshot(page, 'check-in-uploaded-km');

  // Phone B comes back online later: its scan of Vanna counts once.
  await contextB.setOffline(false);
  await expect(pageB.getByText('បានកត់ត្រា 0 ស្ទួន 1 មិនស្គាល់ 0')).toBeVisible();
  await expect(scans(pageB).first()).toContainText('ស្ទួន៖ បានចុះវត្តមានរួចហើយ');
  expect(await attended(request, owner.token, sessionId)).toBe(2);
  await expect(pageB.getByText('បានចុះវត្តមាន 2 / បានចុះឈ្មោះ 3')).toBeVisible();
  await screenshot(pageB, 'check-in-second-phone-km');
  await contextB.close();
});

test('a walk-in entered offline is registered and checked in on upload; a wrong phone is set aside, not blocking the rest', async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const [owner, staff] = await Promise.all([registerViaApi(request, 'Feed shop owner'), registerViaApi(request, 'Field officer Sokha')]);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const org = (await (
    await request.post('/api/v1/organizations', {
      headers: as(owner.token),
      data: { name: `Takeo Feed ${tag}`, kind: 'firm', capabilities: ['supply_inputs', 'sell'], provinceCode: 'KH-21', valueChains: ['feed'] },
    })
  ).json()) as { id: string };
  expect((await request.post(`/api/v1/organizations/${org.id}/members`, { headers: as(owner.token), data: { userId: staff.userId, role: 'member' } })).status()).toBe(201);
  const startsAt = new Date(Date.now() + 3_600_000);
  const training = await request.post('/api/v1/trainings', {
    headers: as(owner.token),
    data: {
      organizationId: org.id,
      title: `Chicken feed ${tag}`,
      topic: 'Poultry feed',
      valueChains: ['feed'],
      sessions: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(), provinceCode: 'KH-21', venue: 'Pagoda hall', capacity: 10 }],
    },
  });
  expect(training.status(), await training.text()).toBe(201);
  const sessionId = ((await training.json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;

  await signInOnPage(page, staff);
  await page.goto(`/training-sessions/${sessionId}/check-in`);
  await expect(page.getByText('បានចុះវត្តមាន 0 / បានចុះឈ្មោះ 0')).toBeVisible();
  await page.context().setOffline(true);

  const walkIn = async (name: string, phone: string, seats: string) => {
    await page.getByLabel('ឈ្មោះអ្នកមកថ្មី').fill(name);
    await page.getByLabel('លេខទូរស័ព្ទអ្នកមកថ្មី').fill(phone);
    await page.getByLabel('ចំនួនកៅអី').fill(seats);
    await page.getByRole('button', { name: 'ចុះវត្តមានអ្នកមកថ្មី' }).click();
  };
  await walkIn(`Sophea ${tag}`, toKhmerDigits(newPhone()), '២');
  await expect(scans(page).first()).toContainText(`Sophea ${tag}`);
  await expect(scans(page).first()).toContainText('2 កៅអី');
  await expect(scans(page).first()).toContainText('អ្នកមកដោយមិនបានចុះឈ្មោះ កំពុងរង់ចាំផ្ញើ');
  await walkIn(`Bopha ${tag}`, '000 000 000', '1');
  await expect(page.getByText('2 កំពុងរង់ចាំផ្ញើ')).toBeVisible();

  await page.context().setOffline(false);
  await expect(page.getByText('បានកត់ត្រា 1 ស្ទួន 0 មិនស្គាល់ 0')).toBeVisible();
  await expect(scans(page).filter({ hasText: `Bopha ${tag}` })).toContainText('មិនបានផ្ញើ');
  await expect(scans(page).filter({ hasText: `Sophea ${tag}` })).toContainText('បានកត់ត្រាវត្តមាន');
  await expect(page.getByText('បានចុះវត្តមាន 1 / បានចុះឈ្មោះ 1')).toBeVisible();
  expect(await attended(request, owner.token, sessionId)).toBe(1);
  await expectAccessible(page);
  await screenshot(page, 'check-in-walk-in-km');
});
