import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// A provincial department draws the floor plan of its fair on a phone, opens it, takes a
// stall request and counts its visitors (issue: fair organizers).

/** A calendar day in Cambodia (UTC+7), `days` from today. */
const cambodiaDate = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function post<T>(request: APIRequestContext, token: string, path: string, data: unknown): Promise<T> {
  const res = await request.post(path, { headers: { Authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as T;
}

async function addStall(page: Page, stall: { code: string; x?: number; y?: number; price?: string }) {
  await page.getByLabel('លេខកូដស្តង់').fill(stall.code);
  if (stall.x !== undefined) await page.getByLabel('ពីឆ្វេង x (ម៉ែត្រ)').fill(String(stall.x));
  if (stall.y !== undefined) await page.getByLabel('ពីលើ y (ម៉ែត្រ)').fill(String(stall.y));
  await page.getByLabel('ទទឹង (ម៉ែត្រ)').fill('3');
  await page.getByLabel('បណ្តោយ (ម៉ែត្រ)').fill('3');
  if (stall.price) await page.getByLabel('តម្លៃជួលស្តង់').fill(stall.price);
  await page.getByRole('button', { name: 'ដាក់ស្តង់លើប្លង់' }).click();
}

/** The plan as a screen reader gets it: its title, and a description with the counts and any refusal. */
const planOf = (page: Page, fairName: string) => page.getByRole('img', { name: `ប្លង់ស្តង់នៃ ${fairName}` });
const stallButton = (page: Page, code: string) => page.getByRole('group', { name: 'ជ្រើសស្តង់' }).getByRole('button', { name: code, exact: true });

test('an organizer draws 12 stalls, sees an overlap refused on the plan, moves a stall, opens the fair, approves a paid request and charts two days of visitors', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const orgName = `Kampot Department of Commerce ${tag}`;
  const exhibitorName = `Kbal Romeas Tiles ${tag}`;
  const fairName = `Kampot Local Products Fair ${tag}`;
  const venue = `Riverside park ${tag}`;
  const organizer = await registerViaApi(request, 'Officer Sophea');
  await post(request, organizer.token, '/api/v1/organizations', { name: orgName, kind: 'government', capabilities: ['organize_fairs'], provinceCode: 'KH-7', valueChains: [] });
  const exhibitor = await registerViaApi(request, 'Tile maker Dara');
  const exhibitorOrg = await post<{ id: string }>(request, exhibitor.token, '/api/v1/organizations', {
    name: exhibitorName,
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-7',
    valueChains: ['clay_tiles_bricks'],
    phone: '012 777 888',
  });

  // My page → my fairs → a new fair, in Khmer on a phone.
  await signInOnPage(page, organizer);
  await page.goto('/my');
  await page.getByRole('link', { name: 'ពិព័រណ៍របស់ខ្ញុំ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ពិព័រណ៍របស់ខ្ញុំ' })).toBeVisible();
  await expect(page.getByText('មិនទាន់មានពិព័រណ៍នៅឡើយទេ។')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'fair-organizer-1-my-fairs');
  await page.getByRole('link', { name: 'បង្កើតពិព័រណ៍ថ្មី' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'បង្កើតពិព័រណ៍ថ្មី' })).toBeVisible();
  await page.getByLabel('ឈ្មោះពិព័រណ៍').fill(fairName);
  await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-7');
  await page.getByLabel('ទីកន្លែង').fill(venue);
  // It began yesterday (so visitors can be counted for two days) and runs until the day after tomorrow.
  await page.getByLabel('ថ្ងៃចាប់ផ្តើម').fill(cambodiaDate(-1));
  await page.getByLabel('ថ្ងៃបញ្ចប់').fill(cambodiaDate(2));
  await page.getByLabel('ថ្ងៃផុតកំណត់ស្នើសុំស្តង់').fill(cambodiaDate(2));
  await expect(page.getByLabel('ទទឹង (ក្រឡា)')).toHaveValue('20');
  await expect(page.getByLabel('បណ្តោយ (ក្រឡា)')).toHaveValue('12');
  await expectAccessible(page);
  await screenshot(page, 'fair-organizer-2-new-fair');
  await page.getByRole('button', { name: 'បង្កើតសេចក្តីព្រាង' }).click();
  await page.waitForURL(/\/my\/fairs\/[0-9a-f-]{36}$/);
  const fairId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: fairName })).toBeVisible();
  await expect(page.getByText('សេចក្តីព្រាង', { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Twelve stalls of 3 × 3 m in two rows; the last one placed by tapping its cell.
  for (let i = 0; i < 11; i++) {
    const code = `A-${String(i + 1).padStart(2, '0')}`;
    await addStall(page, { code, x: (i % 6) * 3, y: Math.floor(i / 6) * 4, price: i === 0 ? '40' : undefined });
    await expect(stallButton(page, code)).toBeVisible();
  }
  const plan = planOf(page, fairName);
  const box = (await plan.boundingBox())!;
  // The drawing spans -0.5 .. 20.5 m across: the middle of cell (15, 4).
  const perMetre = box.width / 21;
  await plan.click({ position: { x: (15.5 + 0.5) * perMetre, y: (4.5 + 0.5) * perMetre } });
  await expect(page.getByLabel('ពីឆ្វេង x (ម៉ែត្រ)')).toHaveValue('15');
  await expect(page.getByLabel('ពីលើ y (ម៉ែត្រ)')).toHaveValue('4');
  await expect(page.getByLabel('តម្លៃជួលស្តង់')).toHaveValue('40');
  await addStall(page, { code: 'A-12' });
  await expect(stallButton(page, 'A-12')).toBeVisible();
  await expect(plan).toHaveAccessibleDescription('ប្លង់ 20 × 12 ម៉ែត្រ មានស្តង់ 12 ទំនេរ 12។');

  // A thirteenth over A-01 is refused: drawn hatched where it would go, the reason on the plan and beside the fields.
  await addStall(page, { code: 'A-13', x: 1, y: 1 });
  await expect(plan.getByText('ត្រួតលើស្តង់ A-01', { exact: true })).toBeVisible();
  await expect(plan).toHaveAccessibleDescription(/ស្តង់ A-13 ត្រូវបានបដិសេធ៖ ត្រួតលើស្តង់ A-01។$/);
  await expect(page.getByLabel('ពីឆ្វេង x (ម៉ែត្រ)')).toHaveAccessibleDescription('ត្រួតលើស្តង់ A-01');
  await expect(page.getByRole('alert')).toHaveText('ត្រួតលើស្តង់ A-01');
  await expect(plan).toHaveAccessibleDescription(/មានស្តង់ 12 ទំនេរ 12/);
  await expect(stallButton(page, 'A-13')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'fair-organizer-3-refused-on-plan');

  // A-12 moves one cell right with its arrow button; A-01 pushed into A-02 is refused.
  await stallButton(page, 'A-12').click();
  await expect(page.getByRole('heading', { name: 'ស្តង់ A-12' })).toBeVisible();
  await page.getByRole('button', { name: 'ទៅស្តាំ →' }).click();
  await expect(page.getByLabel('ពីឆ្វេង x (ម៉ែត្រ)')).toHaveValue('16');
  // By keyboard: A-01 chosen, then made wider into A-02.
  await stallButton(page, 'A-01').press('Enter');
  await expect(stallButton(page, 'A-01')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'ពង្រីកទទឹង' }).press('Enter');
  await expect(plan.getByText('ត្រួតលើស្តង់ A-02', { exact: true })).toBeVisible();
  await expect(page.getByLabel('ទទឹង (ម៉ែត្រ)')).toHaveValue('3');
  await expectAccessible(page);
  await screenshot(page, 'fair-organizer-4-moved');
  await page.getByRole('button', { name: 'រួចរាល់' }).click();

  // Opened for booking.
  await page.getByRole('button', { name: 'បើកទទួលការកក់ស្តង់' }).click();
  await expect(page.getByText('បើកទទួលការកក់', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'បិទការទទួលការស្នើសុំ' })).toBeVisible();

  // An exhibitor asks for A-05 (through the API); the organizer approves it and marks it paid.
  const detail = (await (await request.get(`/api/v1/trade-fairs/${fairId}`)).json()) as { stalls: Array<{ id: string; code: string; x: number }> };
  expect(detail.stalls.find((s) => s.code === 'A-12')?.x).toBe(16);
  const a05 = detail.stalls.find((s) => s.code === 'A-05')!;
  const booking = await post<{ id: string }>(request, exhibitor.token, `/api/v1/trade-fairs/${fairId}/bookings`, { stallId: a05.id, organizationId: exhibitorOrg.id });
  await page.reload();
  await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `ស្តង់ A-05 — ${exhibitorName}` }) });
  await expect(card.getByText('កំពុងរង់ចាំ')).toBeVisible();
  await card.getByRole('button', { name: 'យល់ព្រម A-05' }).click();
  await expect(card.getByText('បានយល់ព្រម')).toBeVisible();
  await card.getByRole('button', { name: 'កត់ថាបានបង់ប្រាក់ A-05' }).click();
  await expect(card.getByText('បានបង់ប្រាក់', { exact: true })).toBeVisible();
  const stored = await request.get(`/api/v1/stall-bookings/${booking.id}`, { headers: { Authorization: `Bearer ${organizer.token}` } });
  expect(await stored.json()).toMatchObject({ status: 'approved', paymentStatus: 'paid' });

  // Visitors of yesterday and today, on the stats chart and in its figures.
  for (const [day, count] of [
    [cambodiaDate(-1), '120'],
    [cambodiaDate(0), '340'],
  ] as const) {
    await page.getByLabel('ថ្ងៃ', { exact: true }).fill(day);
    await page.getByLabel('ចំនួនភ្ញៀវ', { exact: true }).fill(count);
    await page.getByRole('button', { name: 'រក្សាទុកចំនួនភ្ញៀវ' }).click();
    await expect(page.getByText(new RegExp(`បានកត់ត្រា ${count} នាក់`))).toBeVisible();
  }
  const chart = page.getByRole('img', { name: /^ភ្ញៀវប្រចាំថ្ងៃ — / });
  await expect(chart).toHaveAttribute('aria-label', /៖ 120 នាក់; .*៖ 340 នាក់$/);
  const rows = page.getByRole('table', { name: 'ភ្ញៀវសរុប 460 នាក់' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('120');
  await expect(rows.nth(2).getByRole('cell').nth(1)).toHaveText('340');
  await expect(page.getByRole('img', { name: /^ស្តង់ 12៖ បានយក 1, កំពុងស្នើ 0, ទំនេរ 11$/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'fair-organizer-5-stats');

  // In English, every word of the screen is English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Floor plan' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Visitors per day — .*: 120; .*: 340$/ })).toBeVisible();
  await expectNoKhmer(page, [fairName, venue, orgName, exhibitorName]);
  await screenshot(page, 'fair-organizer-6-english');
  await page.goto('/my/fairs');
  await expect(page.getByRole('link', { name: fairName })).toBeVisible();
  await expect(page.getByText('Open for booking')).toBeVisible();
  await expectNoKhmer(page, [fairName, orgName]);
  await expectAccessible(page);
});
