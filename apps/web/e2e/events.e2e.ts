import type { APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

// A tile maker registers for an exposure visit to a neighbour's kiln: she picks the bus from
// her market, lets the others see her workshop, sees what she owes (the association pays a
// quarter), and after the organizer marks it paid, who she met there.

const as = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

function cambodiaDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(new Date(Date.now() + days * 86_400_000));
}

async function organization(request: APIRequestContext, owner: Account, data: Record<string, unknown>): Promise<string> {
  const res = await request.post('/api/v1/organizations', { headers: as(owner), data });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('register for an exposure visit with a meeting point, see what I owe, then who I met', async ({ page, request }) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const organizer = await registerViaApi(request, `Association leader ${tag}`);
  const associationId = await organization(request, organizer, { name: `Tile Makers Association ${tag}`, kind: 'working_group', capabilities: [], provinceCode: 'KH-14' });
  const kilnOwner = await registerViaApi(request, `Kiln owner ${tag}`);
  const kilnName = `Sok Heng Kiln ${tag}`;
  const kilnId = await organization(request, kilnOwner, { name: kilnName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const day = cambodiaDay(8);
  const title = `See a tunnel kiln ${tag}`;
  const created = await request.post('/api/v1/events', {
    headers: as(organizer),
    data: {
      kind: 'exposure_visit',
      organizationId: associationId,
      hostOrganizationId: kilnId,
      title,
      valueChains: ['clay_tiles_bricks'],
      sessions: [
        {
          startsAt: `${day}T08:00:00+07:00`,
          endsAt: `${day}T15:00:00+07:00`,
          provinceCode: 'KH-14',
          venue: `Kiln yard ${tag}`,
          capacity: 25,
          meetingPoints: [
            { name: `Kampong Leav market ${tag}`, departsAt: `${day}T06:00:00+07:00`, seats: 12 },
            { name: `Neak Loeung ferry ${tag}`, departsAt: `${day}T06:30:00+07:00`, seats: 13 },
          ],
        },
      ],
      cost: { perParticipant: { amount: '40.00', currency: 'USD' }, sponsorSharePercent: 25 },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const visit = (await created.json()) as { id: string; sessions: Array<{ id: string }> };

  // Another tile maker is already going, and shares her workshop's profile.
  const other = await registerViaApi(request, `Other tile maker ${tag}`);
  const otherName = `Chea Tiles ${tag}`;
  const otherOrg = await organization(request, other, { name: otherName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const theirs = await request.post(`/api/v1/training-sessions/${visit.sessions[0]!.id}/registrations`, {
    headers: as(other),
    data: { organizationId: otherOrg, shareProfile: true },
  });
  expect(theirs.status(), await theirs.text()).toBe(201);

  const sophea = await registerViaApi(request, `Sophea ${tag}`);
  await organization(request, sophea, { name: `Sophea Tiles ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  await signInOnPage(page, sophea);
  // She finds it from the trainings' directory, among the exposure visits.
  await page.goto('/trainings');
  await page.getByRole('link', { name: 'ដំណើរទស្សនកិច្ចសិក្សា និងវេទិកាអាជីវកម្ម' }).click();
  await page.waitForURL('**/events');
  await page.getByLabel('ប្រភេទព្រឹត្តិការណ៍').selectOption('exposure_visit');
  await page.getByRole('button', { name: 'ស្វែងរក' }).click();
  await page.waitForURL('**/events?kind=exposure_visit');
  const card = page.getByRole('listitem').filter({ hasText: title });
  await expect(card.getByText(kilnName)).toBeVisible();
  await expectAccessible(page);
  await card.getByRole('link', { name: title }).click();
  await page.waitForURL(`**/events/${visit.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('ដំណើរទស្សនកិច្ចសិក្សា')).toBeVisible();
  await expect(page.getByText('40.00$ ក្នុងម្នាក់៖ អ្នកឧបត្ថម្ភបង់ 25% អ្នកបង់ 30.00$')).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(`Neak Loeung ferry ${tag}`) }).check();
  await page.getByRole('checkbox', { name: /បង្ហាញ/ }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'ចុះឈ្មោះ', exact: true }).click();

  await expect(page.getByText('បានចុះឈ្មោះ', { exact: true })).toBeVisible();
  await expect(page.getByText(new RegExp(`កន្លែងជួបរបស់អ្នក៖ Neak Loeung ferry ${tag}`))).toBeVisible();
  await expect(page.getByText('ប្រាក់ដែលអ្នកត្រូវបង់៖ 30.00$')).toBeVisible();
  await expect(page.getByText('មិនទាន់បង់')).toBeVisible();
  // Who I met: the host, and the tile maker who shared her profile.
  const met = page.getByRole('region', { name: 'អ្នកដែលខ្ញុំបានជួប' });
  await expect(met.getByRole('link', { name: kilnName })).toBeVisible();
  await expect(met.getByRole('link', { name: otherName })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'event-registered-km');

  // The association's leader marks her share paid: her page says so.
  const mine = (await (await request.get('/api/v1/training-registrations', { headers: as(sophea) })).json()) as { items: Array<{ id: string; trainingId: string }> };
  const registration = mine.items.find((r) => r.trainingId === visit.id)!;
  const paid = await request.put(`/api/v1/training-sessions/${visit.sessions[0]!.id}/registrations/${registration.id}/payment`, { headers: as(organizer), data: { status: 'paid' } });
  expect(paid.status(), await paid.text()).toBe(200);
  await page.reload();
  await expect(page.getByText('បានបង់', { exact: true })).toBeVisible();
});
