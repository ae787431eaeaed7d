import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

// An association changes its exposure visit after announcing it (issue 19): a pick-up someone
// leaves from is kept, a second date comes with its own pick-up and then one more, the first
// date is called off (its registrant is told it is a visit, not a training), a cooperative is
// invited, and in English the whole visit is cancelled. Khmer first, then English.

const as = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

/** A photo as a phone camera gives it: a large JPEG, drawn in the page. */
async function kilnJpeg(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2000, 1500);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#b5532d';
    context.fillRect(0, 0, 2000, 1500);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

function cambodiaDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(new Date(Date.now() + days * 86_400_000));
}

async function post(request: APIRequestContext, account: Account, path: string, data: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
  const res = await request.post(path, { headers: as(account), data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as { id: string };
}

test('an organizer adds a date with a meeting point, cancels a date, invites a cooperative and cancels the visit', async ({ browser, page, request }, testInfo) => {
  test.setTimeout(180_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const [leader, sophea, coopOwner, farmOwner] = await Promise.all([
    registerViaApi(request, `Association leader ${tag}`),
    registerViaApi(request, `Sophea ${tag}`),
    registerViaApi(request, `Cooperative chair ${tag}`),
    registerViaApi(request, `Tile maker ${tag}`),
  ]);
  const association = await post(request, leader, '/api/v1/organizations', { name: `Tile Makers Association ${tag}`, kind: 'working_group', capabilities: [], provinceCode: 'KH-14' });
  await post(request, sophea, '/api/v1/organizations', { name: `Sophea Tiles ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const coopName = `Peam Ro tile cooperative ${tag}`;
  const coop = await post(request, coopOwner, '/api/v1/organizations', { name: coopName, kind: 'cooperative', capabilities: ['sell'], provinceCode: 'KH-14' });
  const farm = await post(request, farmOwner, '/api/v1/organizations', { name: `Heng tiles ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  await post(request, farmOwner, `/api/v1/organizations/${coop.id}/member-organizations`, { organizationId: farm.id });
  await post(request, coopOwner, `/api/v1/organizations/${coop.id}/member-organizations/${farm.id}/approve`, {});

  const day = cambodiaDay(9);
  const market = `ផ្សារកំពង់លាវ ${tag}`;
  const visitTitle = `ទស្សនាឡដុតឥដ្ឋ ${tag}`;
  const visit = (await post(request, leader, '/api/v1/events', {
    kind: 'exposure_visit',
    organizationId: association.id,
    title: visitTitle,
    valueChains: ['clay_tiles_bricks'],
    sessions: [
      {
        startsAt: `${day}T08:00:00+07:00`,
        endsAt: `${day}T15:00:00+07:00`,
        provinceCode: 'KH-14',
        venue: `ទីធ្លាឡ ${tag}`,
        capacity: 25,
        meetingPoints: [{ name: market, departsAt: `${day}T06:00:00+07:00`, seats: 12 }],
      },
    ],
  })) as unknown as { id: string; sessions: Array<{ id: string; meetingPoints: Array<{ id: string }> }> };
  const first = visit.sessions[0]!;
  await post(request, sophea, `/api/v1/training-sessions/${first.id}/registrations`, { meetingPointId: first.meetingPoints[0]!.id });

  await signInOnPage(page, leader);
  await page.goto(`/my/events/${visit.id}`);
  await expect(page.getByRole('heading', { level: 1, name: visitTitle })).toBeVisible();
  const date = (n: number) => page.getByRole('listitem', { name: new RegExp(`^កាលបរិច្ឆេទទី ${n}៖`) });

  // Sophea leaves from the market: its pick-up stays.
  await date(1).getByRole('button', { name: `ដក ${market} ចេញ` }).click();
  await expect(date(1).getByRole('alert')).toHaveText('មានអ្នកចុះឈ្មោះឡើងឡាននៅកន្លែងជួបនេះ៖ មិនអាចដកចេញបានទេ');
  await expect(date(1)).toContainText('កៅអីបានកក់ 1 / 12');

  // A second date, two days later, with its pick-up at the ferry.
  const later = cambodiaDay(11);
  const ferry = `កំពង់ចម្លងអ្នកលឿង ${tag}`;
  const add = page.getByRole('region', { name: 'បន្ថែមកាលបរិច្ឆេទ' });
  await add.getByLabel('កាលបរិច្ឆេទ', { exact: true }).fill(later);
  await add.getByLabel('ម៉ោងចាប់ផ្ដើម', { exact: true }).fill('08:00');
  await add.getByLabel('ម៉ោងបញ្ចប់', { exact: true }).fill('15:00');
  await add.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-14');
  await add.getByLabel('ទីកន្លែង', { exact: true }).fill(`ទីធ្លាឡ ${tag}`);
  await add.getByLabel('ចំនួនកៅអី', { exact: true }).fill('២០');
  await add.getByLabel('ទីកន្លែងជួប', { exact: true }).fill(ferry);
  await add.getByLabel('ម៉ោងចេញដំណើរ', { exact: true }).fill('06:30');
  await add.getByLabel('កៅអីលើឡាន', { exact: true }).fill('15');
  await expectAccessible(page);
  await add.getByRole('button', { name: 'បន្ថែមកាលបរិច្ឆេទនេះ' }).click();
  await expect(add.getByRole('status').filter({ hasText: 'បានបន្ថែមកាលបរិច្ឆេទ' })).toBeVisible();
  await expect(date(2)).toContainText('កៅអីបានកក់ 0 / 20');
  await expect(date(2)).toContainText(`${ferry}៖ ចេញដំណើរ`);

  // One more pick-up on that date, then taken off again: nobody leaves from it.
  const school = `សាលាបឋមសិក្សា ${tag}`;
  await date(2).getByLabel('ទីកន្លែងជួប', { exact: true }).fill(school);
  await date(2).getByLabel('ម៉ោងចេញដំណើរ', { exact: true }).fill('07:00');
  await date(2).getByLabel('កៅអីលើឡាន', { exact: true }).fill('8');
  await date(2).getByRole('button', { name: 'បន្ថែមកន្លែងជួបនេះ' }).click();
  await expect(date(2)).toContainText(`${school}៖ ចេញដំណើរ`);
  await expect(date(2)).toContainText('កៅអីបានកក់ 0 / 8');
  await date(2).getByRole('button', { name: `ដក ${school} ចេញ` }).click();
  await expect(date(2)).not.toContainText(school);
  await expect(date(2)).toContainText(ferry);

  // The first date is called off, after a confirmation; Sophea is told her visit is.
  await date(1).getByRole('button', { name: 'លុបចោលកាលបរិច្ឆេទនេះ' }).click();
  await expect(date(1).getByText(/អ្នកដែលបានចុះឈ្មោះសម្រាប់កាលបរិច្ឆេទនេះ នឹងទទួលបានដំណឹង/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-manage-cancel-date-km');
  await date(1).getByRole('button', { name: 'បាទ/ចាស លុបចោលកាលបរិច្ឆេទ' }).click();
  await expect(date(1)).toContainText('កាលបរិច្ឆេទបានលុបចោល');
  await expect(date(1).getByRole('button', { name: 'លុបចោលកាលបរិច្ឆេទនេះ' })).toHaveCount(0);
  await expect(date(2).getByRole('button', { name: 'លុបចោលកាលបរិច្ឆេទនេះ' })).toBeVisible();
  await expect
    .poll(async () => {
      const res = await request.get('/api/v1/notifications?limit=50', { headers: as(sophea) });
      const body = (await res.json()) as { items: Array<{ kind: string; body: string | null; data: Record<string, unknown> }> };
      return body.items.find((n) => n.kind === 'training.session_cancelled')?.data.eventKind ?? null;
    })
    .toBe('exposure_visit');

  // The cooperative is invited: its member firm hears of the date nearest it.
  const invite = page.getByRole('region', { name: 'អញ្ជើញសហករណ៍ ឬក្រុមការងារ' });
  await invite.getByLabel('ឈ្មោះសហករណ៍ ឬក្រុមការងារ').fill(`cooperative ${tag}`);
  await invite.getByRole('button', { name: 'ស្វែងរក' }).click();
  await invite.getByRole('button', { name: `អញ្ជើញ ${coopName}` }).click();
  await expect(invite.getByRole('status').filter({ hasText: `បានអញ្ជើញ ${coopName}៖ បានជូនដំណឹងដល់សមាជិក 1` })).toBeVisible();
  // A photo of the kiln the visitors will see: chosen on the phone, sent, then on the public page.
  const photos = page.getByRole('region', { name: 'រូបថតនៃអ្វីដែលនឹងបង្ហាញ' });
  await photos.getByLabel('ជ្រើសរូបថត').setInputFiles({ name: 'kiln.jpg', mimeType: 'image/jpeg', buffer: await kilnJpeg(page) });
  await photos.getByRole('button', { name: 'ផ្ញើរូបថត 1' }).click();
  await expect(photos.getByRole('img', { name: `រូបថតទី 1 នៃ ${visitTitle}` })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-manage-km');
  await page.goto(`/events/${visit.id}`);
  await expect(page.getByRole('list', { name: 'រូបថតនៃអ្វីដែលនឹងបង្ហាញ' }).getByRole('img', { name: `រូបថតទី 1 នៃ ${visitTitle}` })).toBeVisible();
  await page.goto(`/my/events/${visit.id}`);
  await expect(page.getByRole('heading', { level: 1, name: visitTitle })).toBeVisible();
  await expect
    .poll(async () => {
      const res = await request.get('/api/v1/notifications?limit=50', { headers: as(farmOwner) });
      const body = (await res.json()) as { items: Array<{ kind: string; data: Record<string, unknown> }> };
      return body.items.find((n) => n.kind === 'training.invitation')?.data.eventKind ?? null;
    })
    .toBe('exposure_visit');
  // The invited firm reads it as a visit, in its own language.
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  const farmPage = await context.newPage();
  await signInOnPage(farmPage, farmOwner);
  await farmPage.goto('/notifications');
  await expect(farmPage.getByRole('heading', { level: 2, name: 'អ្នកត្រូវបានអញ្ជើញចូលរួមដំណើរទស្សនកិច្ចសិក្សា' })).toBeVisible();
  await expectAccessible(farmPage);
  await context.close();

  // In English, the organizer calls the whole visit off.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Add a date' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: /^Date 1:/ })).toContainText('Date cancelled');
  await expect(page.getByRole('listitem', { name: /^Date 2:/ }).getByRole('button', { name: 'Cancel this date' })).toBeVisible();
  await expectNoKhmer(page, [visitTitle, market, ferry, `ទីធ្លាឡ ${tag}`]);
  await expectAccessible(page);
  const cancelVisit = page.getByRole('region', { name: 'Cancel the visit' });
  await cancelVisit.getByRole('button', { name: 'Cancel the whole visit' }).click();
  await expect(cancelVisit.getByText('Every date not yet held is cancelled and everyone registered is told. Cancel it?')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-manage-cancel-en');
  await cancelVisit.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByText('Cancelled', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Add a date' })).toHaveCount(0);
  await expect(page.getByRole('listitem', { name: /^Date 2:/ })).toContainText('Date cancelled');
  expect(((await (await request.get(`/api/v1/events/${visit.id}`)).json()) as { status: string }).status).toBe('cancelled');
});
