import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, newPhone, PASSWORD, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// Cooperatives and working groups, and an organization's own settings (the issue): an owner
// adds a worker or a family member by phone number; a number with no account is invited and
// joins on signing up with it; a firm asks a cooperative to join, its manager approves, and
// the members open the group's forum.

async function phone(browser: Browser): Promise<Page> {
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale });
  return context.newPage();
}

async function createOrganizationViaApi(request: APIRequestContext, token: string, data: Record<string, unknown>): Promise<{ id: string }> {
  const res = await request.post('/api/v1/organizations', { headers: { Authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

test('an owner adds a worker by phone at once, invites an unknown number that joins on signing up, changes a role and edits the profile', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const orgName = `Svay Rieng Bricks ${tag}`;
  const workerName = `Worker Dara ${tag}`;
  const relativeName = `Daughter Srey ${tag}`;
  const owner = await registerViaApi(request, `Owner Sokha ${tag}`);
  const worker = await registerViaApi(request, workerName);
  const org = await createOrganizationViaApi(request, owner.token, { name: orgName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-20', valueChains: ['clay_tiles_bricks'] });

  await signInOnPage(page, owner);
  await page.goto('/my');
  await page.getByRole('link', { name: 'ការកំណត់អង្គភាព' }).click();
  await page.waitForURL('**/my/organization');
  await expect(page.getByRole('heading', { level: 1, name: `ការកំណត់ ${orgName}` })).toBeVisible();
  const members = page.getByRole('region', { name: 'មនុស្ស និងតួនាទី' });
  await expect(members.getByRole('listitem')).toHaveCount(1);

  // A worker who has an account: a member at once, listed with their role.
  await page.getByLabel('លេខទូរស័ព្ទរបស់គេ').fill(worker.phone);
  await page.getByLabel('តួនាទី', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'បន្ថែម', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `បានបន្ថែម ${workerName} ជាសមាជិកហើយ។` })).toBeVisible();
  const workerRow = members.getByRole('listitem').filter({ hasText: workerName });
  await expect(workerRow).toContainText('សមាជិក ·');

  // A family member with no account yet: invited, a member once they sign up with the number.
  const relativePhone = newPhone();
  await page.getByLabel('លេខទូរស័ព្ទរបស់គេ').fill(relativePhone);
  await page.getByLabel('តួនាទី', { exact: true }).selectOption('manager');
  await page.getByRole('button', { name: 'បន្ថែម', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `បានអញ្ជើញ ${relativePhone} ជាអ្នកគ្រប់គ្រង។` })).toBeVisible();
  const invitations = page.getByRole('region', { name: 'ការអញ្ជើញកំពុងរង់ចាំ' });
  await expect(invitations.getByRole('listitem').filter({ hasText: relativePhone })).toContainText('អ្នកគ្រប់គ្រង');
  await expect(page.getByRole('button', { name: `បោះបង់ការអញ្ជើញ ${relativePhone}` })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'groups-org-settings-km');

  // The owner makes the worker a manager.
  await page.getByLabel(`តួនាទីរបស់ ${workerName}`).selectOption('manager');
  await workerRow.getByRole('button', { name: 'ប្ដូរតួនាទី' }).click();
  await expect(members.getByRole('listitem').filter({ hasText: workerName })).toContainText('អ្នកគ្រប់គ្រង ·');

  // And writes the profile.
  const description = 'ឥដ្ឋដុតដោយឡដី ចាប់ពីឆ្នាំ ២០១០';
  await page.getByLabel('ការពិពណ៌នា').fill(description);
  await page.getByLabel('ស្រុក', { exact: true }).fill('Svay Chrum');
  await page.getByRole('checkbox', { name: 'វារីវប្បកម្ម' }).check();
  await page.getByRole('button', { name: 'រក្សាទុក', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'បានរក្សាទុក' })).toBeVisible();
  const saved = (await (await request.get(`/api/v1/organizations/${org.id}`)).json()) as { description: string; district: string };
  expect(saved).toMatchObject({ description, district: 'Svay Chrum', valueChains: ['clay_tiles_bricks', 'aquaculture'] });

  // The invited number signs up on her own phone and is a member, as the owner said.
  const relative = await phone(browser);
  await relative.goto('/sign-up');
  await relative.getByLabel('ឈ្មោះរបស់អ្នក').fill(relativeName);
  await relative.getByLabel('លេខទូរស័ព្ទ').fill(relativePhone);
  await relative.getByLabel('ពាក្យសម្ងាត់').fill(PASSWORD);
  await relative.getByRole('button', { name: 'ចុះឈ្មោះ' }).click();
  await relative.waitForURL((url) => !url.pathname.startsWith('/sign-up'));
  await relative.goto('/my/organization');
  await expect(relative.getByRole('heading', { level: 1, name: `ការកំណត់ ${orgName}` })).toBeVisible();
  await expect(relative.getByText('តួនាទីរបស់អ្នក៖ អ្នកគ្រប់គ្រង')).toBeVisible();
  await relative.context().close();

  await page.goto('/my/organization');
  await expect(members.getByRole('listitem').filter({ hasText: relativeName })).toContainText('អ្នកគ្រប់គ្រង ·');
  await expect(invitations.getByText('គ្មានការអញ្ជើញកំពុងរង់ចាំទេ។')).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${orgName} settings` })).toBeVisible();
  await expectNoKhmer(page, [orgName, description]);
  await screenshot(page, 'groups-org-settings-en');
});

test('a firm asks to join a cooperative, its manager approves in another phone, and the members open the group forum', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const coopName = `Prey Veng Tile Cooperative ${tag}`;
  const firmName = `Ba Phnom Kiln ${tag}`;
  const coopOwner = await registerViaApi(request, `Chair Vanna ${tag}`);
  const firmOwner = await registerViaApi(request, `Kiln owner Pisey ${tag}`);
  const coop = await createOrganizationViaApi(request, coopOwner.token, {
    name: coopName,
    kind: 'cooperative',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    valueChains: ['clay_tiles_bricks'],
  });
  await createOrganizationViaApi(request, firmOwner.token, { name: firmName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'] });
  // Another firm asked through the API: the chair refuses it.
  const otherName = `Kampong Trabaek Bricks ${tag}`;
  const otherOwner = await registerViaApi(request, `Other owner ${tag}`);
  const other = await createOrganizationViaApi(request, otherOwner.token, { name: otherName, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' });
  const asked = await request.post(`/api/v1/organizations/${coop.id}/member-organizations`, { headers: { Authorization: `Bearer ${otherOwner.token}` }, data: { organizationId: other.id } });
  expect(asked.status(), await asked.text()).toBe(201);

  // The public profile leads to the group's page.
  await signInOnPage(page, firmOwner);
  await page.goto(`/organizations/${coop.id}`);
  await page.getByRole('link', { name: 'សហគ្រាសសមាជិក និងវេទិកាពិភាក្សា' }).click();
  await page.waitForURL(`**/groups/${coop.id}`);
  await expect(page.getByRole('heading', { level: 1, name: coopName })).toBeVisible();
  await expect(page.getByText('ខេត្តព្រៃវែង')).toBeVisible();
  await expect(page.getByText('មិនទាន់មានសហគ្រាសសមាជិកនៅឡើយទេ។')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'ស្នើសុំចូលជាសមាជិក' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'បានស្នើសុំហើយ' })).toBeVisible();
  await screenshot(page, 'groups-group-asked-km');

  // The cooperative's chair, on another phone, sees the request and approves it.
  const chair = await phone(browser);
  await signInOnPage(chair, coopOwner);
  await chair.goto(`/groups/${coop.id}`);
  const requests = chair.getByRole('region', { name: 'សំណើចូលជាសមាជិក' });
  await expect(requests.getByRole('link', { name: firmName })).toBeVisible();
  await expectAccessible(chair);
  await screenshot(chair, 'groups-group-requests-km');
  await expect(requests.getByRole('link', { name: otherName })).toBeVisible();
  await requests.getByRole('button', { name: `យល់ព្រមឱ្យ ${firmName} ចូល` }).click();
  await expect(requests.getByRole('link', { name: firmName })).toHaveCount(0);
  await requests.getByRole('button', { name: `បដិសេធ ${otherName}` }).click();
  await expect(requests.getByText('គ្មានសំណើកំពុងរង់ចាំទេ។')).toBeVisible();
  const chairMembers = chair.getByRole('region', { name: 'សហគ្រាសសមាជិក' });
  await expect(chairMembers.getByRole('link', { name: firmName })).toBeVisible();
  await expect(chairMembers.getByRole('link', { name: otherName })).toHaveCount(0);
  // The chair opens the forum: every member firm's people are in it.
  await chair.getByRole('button', { name: 'បង្កើតវេទិកាពិភាក្សា' }).click();
  await chair.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
  const forumId = new URL(chair.url()).pathname.split('/').pop()!;
  await chair.context().close();

  // The firm is a member now, and its owner opens the forum from the group's page.
  await page.goto(`/groups/${coop.id}`);
  const memberFirms = page.getByRole('region', { name: 'សហគ្រាសសមាជិក' });
  await expect(memberFirms.getByRole('link', { name: firmName })).toHaveAttribute('href', /\/organizations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('button', { name: 'ស្នើសុំចូលជាសមាជិក' })).toHaveCount(0);
  const forumLink = page.getByRole('link', { name: 'បើកវេទិកាពិភាក្សា' });
  await expect(forumLink).toHaveAttribute('href', `/messages/${forumId}`);
  await expectAccessible(page);
  await screenshot(page, 'groups-group-member-km');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Member firms' })).toBeVisible();
  await expectNoKhmer(page, [coopName, firmName]);
  await screenshot(page, 'groups-group-member-en');

  await page.getByRole('link', { name: 'Open the forum' }).click();
  await page.waitForURL(`**/messages/${forumId}`);
  // The conversation it opens has the firm's owner in it.
  const conversation = await request.get(`/api/v1/conversations/${forumId}`, { headers: { Authorization: `Bearer ${firmOwner.token}` } });
  expect(conversation.status()).toBe(200);
  expect(((await conversation.json()) as { groupId: string }).groupId).toBe(coop.id);
});
