import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, newPhone, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// A feed and veterinary shop announces a roving training with three stops (issue: input
// suppliers run trainings), watches seats and the waitlist fill, checks people in, reads the
// attendance report, downloads the sheet and cancels a stop.

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Cambodia's wall clock (UTC+7) at `at`: the date and HH:MM a person there types. */
function cambodia(at: Date): { date: string; time: string } {
  const text = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

async function post<T = { id: string }>(request: APIRequestContext, token: string, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { headers: as(token), data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function addStop(page: Page, stop: { date: string; start: string; end: string; province: string; venue: string; seats: string }) {
  await page.getByLabel('កាលបរិច្ឆេទ', { exact: true }).fill(stop.date);
  await page.getByLabel('ម៉ោងចាប់ផ្ដើម', { exact: true }).fill(stop.start);
  await page.getByLabel('ម៉ោងបញ្ចប់', { exact: true }).fill(stop.end);
  await page.getByLabel('ខេត្ត', { exact: true }).selectOption(stop.province);
  await page.getByLabel('ទីកន្លែង', { exact: true }).fill(stop.venue);
  await page.getByLabel('ចំនួនកៅអី', { exact: true }).fill(stop.seats);
  await page.getByRole('button', { name: 'បន្ថែមទីតាំង', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'បានបន្ថែមទីតាំង' })).toBeVisible();
}

test('a supplier creates a three-stop roving training, sees seats, waitlist and attendance, downloads the sheet and cancels a stop', async ({ page, request }) => {
  test.setTimeout(480_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const orgName = `Kampong Cham Feed ${tag}`;
  const coopName = `Peam Ro pig cooperative ${tag}`;
  const [owner, coopOwner, farmOwner, ...people] = await Promise.all([
    registerViaApi(request, 'Feed shop owner'),
    registerViaApi(request, 'Cooperative chair'),
    registerViaApi(request, 'Pig farmer'),
    ...Array.from({ length: 6 }, (_, i) => registerViaApi(request, `Farmer ${i} ${tag}`)),
  ]);
  await post(request, owner.token, '/api/v1/organizations', {
    name: orgName,
    kind: 'firm',
    capabilities: ['supply_inputs', 'sell'],
    provinceCode: 'KH-3',
    valueChains: ['feed', 'veterinary'],
  });
  // A cooperative with one approved member farm, to invite.
  const coop = await post(request, coopOwner.token, '/api/v1/organizations', { name: coopName, kind: 'cooperative', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['swine'] });
  const farm = await post(request, farmOwner.token, '/api/v1/organizations', { name: `Sok pig farm ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['swine'] });
  await post(request, farmOwner.token, `/api/v1/organizations/${coop.id}/member-organizations`, { organizationId: farm.id });
  await post(request, coopOwner.token, `/api/v1/organizations/${coop.id}/member-organizations/${farm.id}/approve`, {});

  await signInOnPage(page, owner);
  await page.goto('/my');
  await page.getByRole('link', { name: 'វគ្គបណ្ដុះបណ្ដាលរបស់ខ្ញុំ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'វគ្គបណ្ដុះបណ្ដាលរបស់ខ្ញុំ' })).toBeVisible();
  await expect(page.getByText('អ្នកមិនទាន់មានវគ្គបណ្ដុះបណ្ដាលនៅឡើយទេ។')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'supplier-trainings-empty-km');

  // The training: sent empty first, the API's field errors show beside the fields.
  await page.getByRole('link', { name: 'វគ្គបណ្ដុះបណ្ដាលថ្មី' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'វគ្គបណ្ដុះបណ្ដាលចល័តថ្មី' })).toBeVisible();
  await page.getByRole('button', { name: 'បង្កើតវគ្គ' }).click();
  await expect(page.getByLabel('ឈ្មោះវគ្គ')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('ប្រធានបទ')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#training-chains-error')).toBeVisible();
  await expectAccessible(page);
  const title = `ចិញ្ចឹមជ្រូកឱ្យមានសុខភាពល្អ ${tag}`;
  await page.getByLabel('ឈ្មោះវគ្គ').fill(title);
  const topic = 'សុខភាពជ្រូក និងការចាក់វ៉ាក់សាំង';
  await page.getByLabel('ប្រធានបទ').fill(topic);
  await page.getByRole('checkbox', { name: 'ចិញ្ចឹមជ្រូក' }).check();
  await page.getByRole('checkbox', { name: 'ថ្នាំពេទ្យសត្វ និងវ៉ាក់សាំង' }).check();
  await page.getByLabel('ការពិពណ៌នា').fill('របៀបការពារជំងឺប៉េស្តជ្រូកអាហ្វ្រិក');
  await page.getByLabel('អ្វីដែលផ្ដល់ជូនជាមួយ').fill('ឥតគិតថ្លៃ មានលក់វ៉ាក់សាំងនៅកន្លែង');
  await screenshot(page, 'supplier-training-new-km');
  await page.getByRole('button', { name: 'បង្កើតវគ្គ' }).click();
  await page.waitForURL(/\/my\/trainings\/[0-9a-f-]{36}$/);
  const trainingId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('មិនទាន់មានទីតាំងនៅឡើយទេ។ បន្ថែមទីតាំងនៅខាងក្រោម។')).toBeVisible();
  await expectAccessible(page);

  // Stop 1 is today and short, so that it has ended (and its no-shows are known) before the test does.
  // A minute at least for the form and three registrations before it starts; times are to the minute.
  const starts = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  const ends = new Date(starts.getTime() + 60_000);
  const venues = [`សាលាឃុំ ក ${tag}`, `សាលាវត្ត ខ ${tag}`, `សាលារៀន គ ${tag}`];
  await addStop(page, { date: cambodia(starts).date, start: cambodia(starts).time, end: cambodia(ends).time, province: 'KH-3', venue: venues[0]!, seats: '៤' });
  const stop = (n: number) => page.getByRole('listitem', { name: new RegExp(`^ទីតាំងទី ${n}៖`) });
  await expect(stop(1)).toContainText('កៅអីបានកក់ 0 / 4');
  const training = (await (await request.get(`/api/v1/trainings/${trainingId}`)).json()) as { sessions: Array<{ id: string }> };
  const stop1 = training.sessions[0]!.id;
  // Three people register for stop 1 before it starts.
  const codes: string[] = [];
  for (const person of people.slice(0, 3)) codes.push((await post<{ checkInCode: string }>(request, person.token, `/api/v1/training-sessions/${stop1}/registrations`, {})).checkInCode);

  const tomorrow = cambodia(new Date(Date.now() + 86_400_000)).date;
  const later = cambodia(new Date(Date.now() + 2 * 86_400_000)).date;
  await addStop(page, { date: tomorrow, start: '08:00', end: '11:00', province: 'KH-14', venue: venues[1]!, seats: '2' });
  await addStop(page, { date: later, start: '14:00', end: '16:30', province: 'KH-14', venue: venues[2]!, seats: '20' });
  await expect(stop(2)).toContainText('កៅអីបានកក់ 0 / 2');
  await expect(stop(3)).toContainText('កៅអីបានកក់ 0 / 20');
  await expect(stop(2)).toContainText(venues[1]!);
  await expect(stop(3)).toContainText('ខេត្តព្រៃវែង');
  const sessions = ((await (await request.get(`/api/v1/trainings/${trainingId}`)).json()) as { sessions: Array<{ id: string }> }).sessions.map((s) => s.id);
  for (const [n, id] of sessions.entries()) {
    await expect(stop(n + 1).getByRole('link', { name: 'ចុះវត្តមាននៅទីតាំងនេះ' })).toHaveAttribute('href', `/training-sessions/${id}/check-in`);
  }

  // Three people for the two seats of stop 2: the third waits.
  for (const person of people.slice(3, 6)) await post(request, person.token, `/api/v1/training-sessions/${sessions[1]}/registrations`, {});
  // At stop 1 the team checks two of the three in and seats one walk-in (the batch of an offline phone).
  const scannedAt = new Date().toISOString();
  const batch = await post<{ results: Array<{ result: string }> }>(request, owner.token, `/api/v1/training-sessions/${stop1}/check-ins/batch`, {
    scans: [
      { scanId: randomUUID(), code: codes[0], scannedAt, deviceId: 'phone-a' },
      { scanId: randomUUID(), code: codes[1], scannedAt, deviceId: 'phone-a' },
      { scanId: randomUUID(), walkIn: { name: `Walk-in Dara ${tag}`, phone: newPhone() }, scannedAt, deviceId: 'phone-a' },
    ],
  });
  expect(batch.results.map((r) => r.result)).toEqual(['accepted', 'accepted', 'accepted']);
  await page.reload();
  await expect(stop(1)).toContainText('កៅអីបានកក់ 4 / 4');
  await expect(stop(1)).toContainText('បានចុះវត្តមាន៖ 3 នាក់');
  await expect(stop(2)).toContainText('កៅអីបានកក់ 2 / 2');
  await expect(stop(2)).toContainText('បញ្ជីរង់ចាំ៖ 1 នាក់');
  await expect(stop(1).getByRole('row', { name: 'មិនបានមក ដឹងក្រោយពេលបញ្ចប់' })).toBeVisible();

  // Stop 3 is called off; its registrants are told.
  await stop(3).getByRole('button', { name: 'លុបចោលទីតាំងនេះ' }).click();
  await expect(stop(3).getByText(/អ្នកដែលបានចុះឈ្មោះនៅទីតាំងនេះ នឹងទទួលបានដំណឹង/)).toBeVisible();
  await expectAccessible(page);
  await stop(3).getByRole('button', { name: 'បាទ/ចាស លុបចោលទីតាំង' }).click();
  await expect(stop(3)).toContainText('ទីតាំងបានលុបចោល');
  await expect(stop(3).getByRole('button', { name: 'លុបចោលទីតាំងនេះ' })).toHaveCount(0);

  // The cooperative is invited: its member farm is told of the nearest stop.
  await page.getByLabel('ឈ្មោះសហករណ៍ ឬក្រុមការងារ').fill(`cooperative ${tag}`);
  await page.getByRole('button', { name: 'ស្វែងរក' }).click();
  await page.getByRole('button', { name: `អញ្ជើញ ${coopName}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `បានអញ្ជើញ ${coopName}៖ បានជូនដំណឹងដល់សមាជិក 1` })).toBeVisible();
  await expectAccessible(page);

  // Once stop 1 has ended its no-shows are known.
  await page.waitForTimeout(Math.max(0, ends.getTime() - Date.now() + 2_000));
  await page.reload();
  const row = (n: number, name: string) => stop(n).getByRole('row', { name });
  await expect(row(1, 'បានចុះឈ្មោះ 4')).toBeVisible();
  await expect(row(1, 'បានចូលរួម 3')).toBeVisible();
  await expect(row(1, 'មិនបានមក 1')).toBeVisible();
  await expect(row(1, 'មកដោយមិនបានចុះឈ្មោះ 1')).toBeVisible();
  await expect(row(2, 'កំពុងរង់ចាំ 1')).toBeVisible();
  const totals = page.getByRole('table', { name: 'វត្តមានសរុប' });
  await expect(totals.getByRole('row', { name: 'បានចុះឈ្មោះ 6' })).toBeVisible();
  await expect(totals.getByRole('row', { name: 'បានចូលរួម 3' })).toBeVisible();
  await expect(totals.getByRole('row', { name: 'មិនបានមក 1' })).toBeVisible();
  await expect(totals.getByRole('row', { name: 'មកដោយមិនបានចុះឈ្មោះ 1' })).toBeVisible();
  await expect(totals.getByRole('row', { name: 'កំពុងរង់ចាំ 1' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'supplier-training-manage-km');

  // The sheet of stop 1: a row per registration, then the totals.
  const downloading = page.waitForEvent('download');
  await stop(1).getByRole('button', { name: 'ទាញយកបញ្ជីវត្តមាន (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.split(/\r?\n/);
  expect(lines[0]).toBe('Name,Organization,Seats,Status,Checked in at (Cambodia time),Walk-in');
  for (const name of ['Farmer 0', 'Farmer 1', 'Farmer 2', 'Walk-in Dara']) expect(lines.some((l) => l.startsWith(`${name} ${tag},`))).toBe(true);
  expect(lines).toEqual(expect.arrayContaining(['Registered,4', 'Attended,3', 'No-shows,1', 'Walk-ins,1', 'Waitlisted,0']));

  // The list shows the training, newest first.
  await page.getByRole('link', { name: '← វគ្គបណ្ដុះបណ្ដាលរបស់ខ្ញុំ' }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByText('2 ទីតាំង')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'supplier-trainings-km');

  // In English nothing Khmer is left but what people wrote.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My trainings' })).toBeVisible();
  await expectNoKhmer(page, [title, topic, ...venues]);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Stops' })).toBeVisible();
  await expect(stop(1)).toHaveCount(0);
  await expect(page.getByRole('listitem', { name: /^Stop 1:/ })).toContainText('Seats taken 4 / 4');
  await expect(page.getByRole('listitem', { name: /^Stop 3:/ })).toContainText('Stop cancelled');
  await expectNoKhmer(page, [title, topic, 'របៀបការពារជំងឺប៉េស្តជ្រូកអាហ្វ្រិក', 'ឥតគិតថ្លៃ មានលក់វ៉ាក់សាំងនៅកន្លែង', ...venues]);
  await expectAccessible(page);
  await screenshot(page, 'supplier-training-manage-en');
  await page.goto('/my/trainings/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New roving training' })).toBeVisible();
  await expectNoKhmer(page, []);
});
