import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test, waitingForTheApp, type Account } from './support/fixtures';

// A tile makers' association organizes an exposure visit to a member's kiln (issue 19): two
// bus pick-ups, a cost the sponsor pays a quarter of; two tile makers register, the leader
// marks one paid and lets the other off, and reads who paid what. Then a business forum with
// three talks, whose outcomes go to every participant. All in Khmer, then in English.

const as = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

function cambodiaDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(new Date(Date.now() + days * 86_400_000));
}

async function organization(request: APIRequestContext, owner: Account, data: Record<string, unknown>): Promise<string> {
  const res = await request.post('/api/v1/organizations', { headers: as(owner), data });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function fillSession(page: Page, n: number, s: { date: string; start: string; end: string; venue: string; seats: string }) {
  const group = page.getByRole('group', { name: `កាលបរិច្ឆេទទី ${n}`, exact: true });
  await group.getByLabel('កាលបរិច្ឆេទ', { exact: true }).fill(s.date);
  await group.getByLabel('ម៉ោងចាប់ផ្ដើម', { exact: true }).fill(s.start);
  await group.getByLabel('ម៉ោងបញ្ចប់', { exact: true }).fill(s.end);
  await group.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-14');
  await group.getByLabel('ទីកន្លែង', { exact: true }).fill(s.venue);
  await group.getByLabel('ចំនួនកៅអី', { exact: true }).fill(s.seats);
  return group;
}

test('an organizer creates an exposure visit and a business forum, marks payments, reads the cost report and posts notes', async ({ browser, page, request }, testInfo) => {
  test.setTimeout(240_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const [leader, kilnOwner, sophea, dara] = await Promise.all([
    registerViaApi(request, `Association leader ${tag}`),
    registerViaApi(request, `Kiln owner ${tag}`),
    registerViaApi(request, `Sophea ${tag}`),
    registerViaApi(request, `Dara ${tag}`),
  ]);
  await organization(request, leader, { name: `Tile Makers Association ${tag}`, kind: 'working_group', capabilities: [], provinceCode: 'KH-14' });
  const kilnName = `Sok Heng Kiln ${tag}`;
  await organization(request, kilnOwner, { name: kilnName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const sopheaOrg = await organization(request, sophea, { name: `Sophea Tiles ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const daraOrg = await organization(request, dara, { name: `Dara Bricks ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });

  await signInOnPage(page, leader);
  await page.goto('/my');
  await page.getByRole('link', { name: 'ដំណើរទស្សនកិច្ច និងវេទិការបស់ខ្ញុំ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ដំណើរទស្សនកិច្ច និងវេទិការបស់ខ្ញុំ' })).toBeVisible();
  await expect(page.getByText('អ្នកមិនទាន់មានដំណើរទស្សនកិច្ច ឬវេទិកានៅឡើយទេ។')).toBeVisible();
  await expectAccessible(page);

  // The visit: the kiln as its host, two pick-ups, 40,000 riel a place with a quarter sponsored.
  await page.getByRole('link', { name: 'ដំណើរទស្សនកិច្ចសិក្សាថ្មី' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ដំណើរទស្សនកិច្ចសិក្សា ឬវេទិកាអាជីវកម្មថ្មី' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'ដំណើរទស្សនកិច្ចសិក្សា' })).toBeChecked();
  // Sent empty first: the API's field errors show beside the fields, down to the first date's.
  await page.getByRole('button', { name: 'បង្កើតដំណើរទស្សនកិច្ច' }).click();
  await expect(page.getByLabel('ចំណងជើង', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#event-chains-error')).toBeVisible();
  await expect(page.getByRole('group', { name: 'កាលបរិច្ឆេទទី 1', exact: true }).getByLabel('ចំនួនកៅអី', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByLabel('ឈ្មោះម្ចាស់ផ្ទះ').fill(kilnName);
  await page.getByRole('button', { name: 'រកអង្គភាព' }).click();
  await page.getByRole('button', { name: `ជ្រើសរើស ${kilnName}` }).click();
  await expect(page.getByText(`ម្ចាស់ផ្ទះ៖ ${kilnName}`)).toBeVisible();
  const visitTitle = `ទស្សនាឡដុតឥដ្ឋទំនើប ${tag}`;
  const shown = 'ឡដុតឥដ្ឋប្រើអុសតិច និងម៉ាស៊ីនធ្វើក្បឿង';
  await page.getByLabel('ចំណងជើង', { exact: true }).fill(visitTitle);
  await page.getByLabel('អ្វីដែលនឹងបង្ហាញ').fill(shown);
  await page.getByRole('checkbox', { name: 'ក្បឿង និងឥដ្ឋ' }).check();
  const day = cambodiaDay(8);
  const kilnYard = `ទីធ្លាឡ ${tag}`;
  const session = await fillSession(page, 1, { date: day, start: '08:00', end: '15:00', venue: kilnYard, seats: '២៥' });
  const points = [`ផ្សារកំពង់លាវ ${tag}`, `កំពង់ចម្លងអ្នកលឿង ${tag}`];
  for (const [i, point] of [
    { name: points[0]!, time: '06:00', seats: '12' },
    { name: points[1]!, time: '06:30', seats: '13' },
  ].entries()) {
    await session.getByRole('button', { name: 'បន្ថែមកន្លែងជួប' }).click();
    const group = session.getByRole('group', { name: `កន្លែងជួបទី ${i + 1}`, exact: true });
    await group.getByLabel('ទីកន្លែងជួប').fill(point.name);
    await group.getByLabel('ម៉ោងចេញដំណើរ').fill(point.time);
    await group.getByLabel('កៅអីលើឡាន').fill(point.seats);
  }
  await expect(page.getByRole('status').filter({ hasText: 'ឥតគិតថ្លៃសម្រាប់អ្នកចូលរួម' })).toBeVisible();
  await page.getByLabel('តម្លៃក្នុងម្នាក់').fill('40000');
  await page.getByLabel('ចំណែកអ្នកឧបត្ថម្ភ (%)').fill('25');
  // What a participant pays, as it is typed.
  await expect(page.getByRole('status').filter({ hasText: 'អ្នកចូលរួមបង់ 30,000៛ អ្នកឧបត្ថម្ភចេញ 10,000៛' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-new-visit-km');
  await page.getByRole('button', { name: 'បង្កើតដំណើរទស្សនកិច្ច' }).click();
  await page.waitForURL(/\/my\/events\/[0-9a-f-]{36}$/);
  const visitId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: visitTitle })).toBeVisible();
  await expect(page.getByText('40,000៛ ក្នុងម្នាក់៖ អ្នកឧបត្ថម្ភបង់ 25% អ្នកបង់ 30,000៛')).toBeVisible();
  await expect(page.getByText(`ដោយ ${kilnName}`)).toBeVisible();
  // Its public page, as participants see it, leads the organizer back here.
  await page.getByRole('link', { name: 'មើលទំព័រសាធារណៈ' }).click();
  await page.waitForURL(`**/events/${visitId}`);
  await expect(page.getByText('40,000៛ ក្នុងម្នាក់៖ អ្នកឧបត្ថម្ភបង់ 25% អ្នកបង់ 30,000៛')).toBeVisible();
  await page.getByRole('link', { name: 'គ្រប់គ្រង៖ អ្នកចុះឈ្មោះ ការបង់ប្រាក់ កំណត់ត្រា' }).click();
  await page.waitForURL(`**/my/events/${visitId}`);

  // Two tile makers register, one at each pick-up.
  const visit = (await (await request.get(`/api/v1/events/${visitId}`)).json()) as {
    sessions: Array<{ id: string; meetingPoints: Array<{ id: string; name: string }> }>;
  };
  const sessionId = visit.sessions[0]!.id;
  expect(visit.sessions[0]!.meetingPoints.map((p) => p.name)).toEqual(points);
  for (const [person, org, point] of [
    [sophea, sopheaOrg, 0],
    [dara, daraOrg, 1],
  ] as const) {
    const res = await request.post(`/api/v1/training-sessions/${sessionId}/registrations`, {
      headers: as(person),
      data: { organizationId: org, shareProfile: true, meetingPointId: visit.sessions[0]!.meetingPoints[point]!.id },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.reload();
  const card = page.getByRole('listitem', { name: /^កាលបរិច្ឆេទទី 1៖/ });
  await expect(card).toContainText('កៅអីបានកក់ 2 / 25');
  await expect(card).toContainText('បញ្ជីរង់ចាំ៖ 0 នាក់');
  await expect(card).toContainText(`${points[0]}៖ ចេញដំណើរ`);
  await expect(card).toContainText('កៅអីបានកក់ 1 / 12');
  await expect(card).toContainText('កៅអីបានកក់ 1 / 13');
  const sopheaRow = card.getByRole('listitem', { name: `Sophea ${tag}` });
  const daraRow = card.getByRole('listitem', { name: `Dara ${tag}` });
  await expect(sopheaRow).toContainText(`ឡើងឡាននៅ ${points[0]}`);
  await expect(sopheaRow).toContainText('ត្រូវបង់ 30,000៛');
  await expect(sopheaRow.getByRole('radio', { name: 'មិនទាន់បង់' })).toBeChecked();
  const report = page.getByRole('table', { name: 'ការចែករំលែកថ្លៃជា KHR' });
  await expect(report.getByRole('row', { name: 'នៅជំពាក់ 60,000៛' })).toBeVisible();

  // Sophea paid; Dara is let off.
  await sopheaRow.getByRole('radio', { name: 'បានបង់' }).check();
  await expect(report.getByRole('row', { name: 'អ្នកចូលរួមបានបង់ 30,000៛' })).toBeVisible();
  await daraRow.getByRole('radio', { name: 'បានលើកលែង' }).check();
  await expect(report.getByRole('row', { name: 'បានលើកលែង 30,000៛' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'នៅជំពាក់ 0៛' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'ការចុះឈ្មោះដែលបានបញ្ជាក់ 2' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'តម្លៃសរុប 80,000៛' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'អ្នកឧបត្ថម្ភបានចេញ 20,000៛' })).toBeVisible();
  // Paid 30,000 against 20,000 sponsored: participants carry 60 %.
  await expect(report.getByRole('row', { name: 'ចំណែកដែលអ្នកចូលរួមបានបង់ 60%' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('listitem', { name: `Sophea ${tag}` }).getByRole('radio', { name: 'បានបង់' })).toBeChecked();
  await expect(page.getByRole('listitem', { name: `Dara ${tag}` }).getByRole('radio', { name: 'បានលើកលែង' })).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-visit-km');
  // Sophea's own page says so.
  const mine = (await (await request.get('/api/v1/training-registrations', { headers: as(sophea) })).json()) as {
    items: Array<{ trainingId: string; paymentStatus: string; amountDue: { amount: string } }>;
  };
  expect(mine.items.find((r) => r.trainingId === visitId)).toMatchObject({ paymentStatus: 'paid', amountDue: { amount: '30000.00' } });

  // The forum: three talks, free.
  await page.getByRole('link', { name: '← ដំណើរទស្សនកិច្ច និងវេទិការបស់ខ្ញុំ' }).click();
  await expect(page.getByRole('link', { name: visitTitle })).toBeVisible();
  // Month by month over the association's events: participants carried 60 %.
  const months = page.getByRole('table', { name: 'អ្នកបង់ តាមខែ' });
  await expect(months.getByRole('row')).toHaveCount(2);
  await expect(months.getByRole('row').nth(1)).toContainText(/30,000៛\s*20,000៛\s*60%/);
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-list-km');
  await page.getByRole('link', { name: 'វេទិកាអាជីវកម្មថ្មី' }).click();
  await expect(page.getByRole('radio', { name: 'វេទិកាអាជីវកម្ម' })).toBeChecked();
  const forumTitle = `វេទិកាអាជីវកម្មក្បឿង ${tag}`;
  await page.getByLabel('ចំណងជើង', { exact: true }).fill(forumTitle);
  await page.getByRole('checkbox', { name: 'ក្បឿង និងឥដ្ឋ' }).check();
  const forumDay = cambodiaDay(10);
  const hall = `សាលាខេត្តព្រៃវែង ${tag}`;
  await fillSession(page, 1, { date: forumDay, start: '08:00', end: '12:00', venue: hall, seats: '200' });
  const talks = [
    { time: '08:30', title: `តម្លៃឥដ្ឋរដូវនេះ ${tag}`, speaker: 'Chan Sokha' },
    { time: '09:30', title: `ឡដុតសន្សំអុស ${tag}`, speaker: 'Lim Dara' },
    { time: '10:30', title: `លក់ឱ្យអ្នកសាងសង់តាមកិច្ចសន្យា ${tag}`, speaker: 'Heng Srey' },
  ];
  for (const [i, talk] of talks.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'បន្ថែមបទបង្ហាញ' }).click();
    const group = page.getByRole('group', { name: `បទបង្ហាញទី ${i + 1}`, exact: true });
    await group.getByLabel('ម៉ោង', { exact: true }).fill(talk.time);
    await group.getByLabel('ចំណងជើងបទបង្ហាញ').fill(talk.title);
    await group.getByLabel('អ្នកថ្លែង').fill(talk.speaker);
  }
  await expect(page.getByRole('status').filter({ hasText: 'ឥតគិតថ្លៃសម្រាប់អ្នកចូលរួម' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-new-forum-km');
  await page.getByRole('button', { name: 'បង្កើតវេទិកា' }).click();
  await page.waitForURL(/\/my\/events\/[0-9a-f-]{36}$/);
  const forumId = page.url().split('/').pop()!;
  expect(forumId).not.toBe(visitId);
  await expect(page.getByRole('heading', { level: 1, name: forumTitle })).toBeVisible();
  const agenda = page.getByRole('region', { name: 'របៀបវារៈ' }).getByRole('listitem');
  await expect(agenda).toHaveCount(3);
  for (const [i, talk] of talks.entries()) {
    await expect(agenda.nth(i)).toContainText(talk.title);
    await expect(agenda.nth(i)).toContainText(`ដោយ ${talk.speaker}`);
  }
  await expect(page.getByRole('region', { name: 'អ្នកបង់៖ អ្នកចូលរួម និងអ្នកឧបត្ថម្ភ' })).toHaveCount(0);
  // What it is about, added afterwards.
  const about = `អ្នកផលិត អ្នកលក់ និងអ្នកសាងសង់ ពិភាក្សាអំពីតម្លៃ និងគុណភាព ${tag}`;
  await page.getByRole('button', { name: 'កែចំណងជើង ឬការពិពណ៌នា' }).click();
  await page.getByLabel('អំពីអ្វី').fill(about);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'រក្សាទុក' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'បានរក្សាទុក។' })).toBeVisible();
  await expect(page.getByText(about)).toBeVisible();
  // A speaker changes after the forum was announced: the agenda is edited in place.
  const agendaRegion = page.getByRole('region', { name: 'របៀបវារៈ' });
  await agendaRegion.getByRole('button', { name: 'កែរបៀបវារៈ' }).click();
  const firstTalk = agendaRegion.getByRole('group', { name: 'បទបង្ហាញទី 1', exact: true });
  await expect(firstTalk.getByLabel('ម៉ោង', { exact: true })).toHaveValue('08:30');
  await firstTalk.getByLabel('អ្នកថ្លែង').fill('Chan Sophal');
  await expectAccessible(page);
  await agendaRegion.getByRole('button', { name: 'រក្សាទុករបៀបវារៈ' }).click();
  await expect(agendaRegion.getByRole('listitem').first()).toContainText('ដោយ Chan Sophal');
  await expect(agendaRegion.getByRole('listitem')).toHaveCount(3);

  // Sophea comes; the outcomes go to her.
  const forum = (await (await request.get(`/api/v1/events/${forumId}`)).json()) as { sessions: Array<{ id: string }> };
  const joined = await request.post(`/api/v1/training-sessions/${forum.sessions[0]!.id}/registrations`, { headers: as(sophea), data: {} });
  expect(joined.status(), await joined.text()).toBe(201);
  await page.reload();
  await expect(page.getByRole('listitem', { name: /^កាលបរិច្ឆេទទី 1៖/ })).toContainText('កៅអីបានកក់ 1 / 200');
  const notes = `លទ្ធផល៖ អ្នកផ្គត់ផ្គង់ព្រមផ្សព្វផ្សាយតម្លៃរៀងរាល់ខែ ${tag}`;
  await page.getByLabel('កំណត់ត្រា ឬលទ្ធផល').fill(notes);
  await page.getByRole('button', { name: 'ផ្ញើទៅអ្នកចូលរួមទាំងអស់' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'បានផ្ញើទៅអ្នកចូលរួម 1 នាក់' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-forum-km');
  await expect
    .poll(async () => {
      const res = await request.get('/api/v1/notifications?limit=50', { headers: as(sophea) });
      const body = (await res.json()) as { items: Array<{ body: string | null }> };
      return body.items.some((n) => (n.body ?? '').includes(notes));
    })
    .toBe(true);

  // Dara, in Prey Veng, finds the forum among the events near her on its day.
  const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL, geolocation: { latitude: 11.4, longitude: 105.48 }, permissions: ['geolocation'] });
  // Her events page comes drawn by the server: "near me" works once the app has taken it over.
  const daraPage = waitingForTheApp(await context.newPage());
  await daraPage.goto(`/events?from=${forumDay}&to=${forumDay}`);
  await expect(daraPage.getByLabel('ចាប់ពីថ្ងៃ')).toHaveValue(forumDay);
  await daraPage.getByRole('button', { name: 'នៅជិតខ្ញុំ' }).click();
  await daraPage.waitForURL(/near=11\.400%2C105\.480/);
  await expect(daraPage.getByLabel('ចម្ងាយ')).toHaveValue('50');
  const forumCard = daraPage.getByRole('listitem').filter({ hasText: forumTitle });
  await expect(forumCard).toContainText(/ចម្ងាយ [0-9.]+ គ\.ម/);
  // The visit is two days earlier: not on that day.
  await expect(daraPage.getByRole('listitem').filter({ hasText: visitTitle })).toHaveCount(0);
  await daraPage.getByLabel('ប្រភេទព្រឹត្តិការណ៍').selectOption('exposure_visit');
  await daraPage.getByLabel('ចាប់ពីថ្ងៃ').fill(day);
  await daraPage.getByLabel('ដល់ថ្ងៃ').fill(day);
  await daraPage.getByRole('button', { name: 'ស្វែងរក' }).click();
  await daraPage.waitForURL(new RegExp(`/events\\?kind=exposure_visit&from=${day}&to=${day}&near=`));
  await expect(daraPage.getByRole('listitem').filter({ hasText: visitTitle })).toBeVisible();
  await expect(daraPage.getByRole('listitem').filter({ hasText: forumTitle })).toHaveCount(0);
  await expectAccessible(daraPage);
  await screenshot(daraPage, 'event-organizer-events-near-km');
  await context.close();

  // In English nothing Khmer is left but what people wrote.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Notes for the participants' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Agenda' }).getByRole('listitem')).toHaveCount(3);
  await expectNoKhmer(page, [forumTitle, about, hall, ...talks.map((t) => t.title)]);
  await expectAccessible(page);
  await page.goto(`/my/events/${visitId}`);
  const reportEn = page.getByRole('table', { name: 'Cost shares in KHR' });
  await expect(reportEn.getByRole('row', { name: 'Paid by participants 30,000៛' })).toBeVisible();
  await expect(reportEn.getByRole('row', { name: 'Waived 30,000៛' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: `Sophea ${tag}` }).getByRole('radio', { name: 'Paid', exact: true })).toBeChecked();
  await expectNoKhmer(page, [visitTitle, shown, kilnYard, ...points]);
  await expectAccessible(page);
  await screenshot(page, 'event-organizer-visit-en');
  await page.goto('/my/events');
  await expect(page.getByRole('heading', { level: 1, name: 'My visits and forums' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Who paid, month by month' }).getByRole('row').nth(1)).toContainText(/30,000៛\s*20,000៛\s*60%/);
  await expectNoKhmer(page, [visitTitle, forumTitle, kilnYard, hall]);
  await page.goto('/my/events/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New exposure visit or business forum' })).toBeVisible();
  await expectNoKhmer(page, []);
  await expectAccessible(page);
});
