import { expect, expectAccessible, newPhone, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// Agents (issue 17): a village agent registers a producer by phone from "My producers"; the
// producer is asked by SMS (none leaves in this build: no gateway) and shows as waiting until
// they reply; the agent can stop acting for them.

test('a village agent registers a producer by phone, sees them waiting for their SMS reply, and stops acting for them', async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const agent = await registerViaApi(request, `Agent Dara ${tag}`);
  const created = await request.post('/api/v1/organizations', {
    headers: { Authorization: `Bearer ${agent.token}` },
    data: { name: `Dara Village Agent ${tag}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-14' },
  });
  expect(created.status(), await created.text()).toBe(201);

  await signInOnPage(page, agent);
  await page.goto('/my');
  await page.getByRole('link', { name: 'កសិកររបស់ខ្ញុំ (ភ្នាក់ងារ)' }).click();
  await page.waitForURL('**/my/producers');
  await expect(page.getByRole('heading', { level: 1, name: 'កសិកររបស់ខ្ញុំ' })).toBeVisible();
  await expect(page.getByText('មិនទាន់មានកសិករទេ។')).toBeVisible();

  // A bad number is named beside its field.
  await page.getByLabel('លេខទូរស័ព្ទរបស់កសិករ').fill('12');
  await page.getByRole('textbox', { name: 'ឈ្មោះកសិករ' }).fill(`Chan Sokha ${tag}`);
  await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-14');
  await page.getByRole('button', { name: 'ចុះឈ្មោះ ហើយសុំតាម SMS' }).click();
  await expect(page.locator('#agents-phone-error')).toBeVisible();

  const phone = newPhone();
  await page.getByLabel('លេខទូរស័ព្ទរបស់កសិករ').fill(phone);
  await page.getByRole('textbox', { name: 'ឈ្មោះកសិករ' }).fill(`Chan Sokha ${tag}`);
  await page.getByLabel('ខេត្ត', { exact: true }).selectOption('KH-14');
  await page.getByRole('button', { name: 'ចុះឈ្មោះ ហើយសុំតាម SMS' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Chan Sokha ${tag} បានចុះឈ្មោះ` })).toContainText(/YES \d{4}/);

  const list = page.getByRole('region', { name: 'កសិករដែលអ្នកបម្រើ' });
  const card = list.getByRole('listitem').filter({ hasText: `Chan Sokha ${tag}` });
  await expect(card).toContainText('កំពុងរង់ចាំសាររបស់ពួកគេ');
  await expect(card).toContainText(phone);
  await expect(card).toContainText('កិច្ចព្រមព្រៀងដែលអ្នកនាំមក៖ 0');
  await expectAccessible(page);
  await screenshot(page, 'agents-my-producers-km');

  await card.getByRole('button', { name: `ឈប់ធ្វើជំនួស Chan Sokha ${tag}` }).click();
  await expect(card).toContainText('អ្នកបានបញ្ចប់');
  await expect(card.getByRole('button')).toHaveCount(0);
});
