import { expect, expectAccessible, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

test.describe('SMS messages settings', () => {
  test('every kind is off at first; a switch flipped is saved and stays after a reload', async ({ page, request }) => {
    const person = await registerViaApi(request, 'Srey Mom Producer');
    await signInOnPage(page, person);
    await page.goto('/my');

    const section = page.getByRole('region', { name: 'សារ SMS' });
    await expect(section).toBeVisible();
    const switches = section.getByRole('switch');
    await expect(switches).toHaveCount(6);
    for (const s of await switches.all()) await expect(s).not.toBeChecked();

    const orders = section.getByRole('switch', { name: 'មានការបញ្ជាទិញ ឬការផ្តល់តម្លៃមកដល់' });
    await orders.check();
    await expect(section.getByRole('status')).toHaveText('បានរក្សាទុក');
    await expectAccessible(page);
    await screenshot(page, 'sms-settings');

    const saved = await request.get('/api/v1/me/sms-notifications', { headers: { authorization: `Bearer ${person.token}` } });
    expect(((await saved.json()) as { kinds: Record<string, boolean> }).kinds).toMatchObject({ offerReceived: true, matchFound: false });

    await page.reload();
    await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
    await expect(page.getByRole('region', { name: 'សារ SMS' }).getByRole('switch', { name: 'មានការបញ្ជាទិញ ឬការផ្តល់តម្លៃមកដល់' })).toBeChecked();
    await page.getByRole('region', { name: 'សារ SMS' }).getByRole('switch', { name: 'មានការបញ្ជាទិញ ឬការផ្តល់តម្លៃមកដល់' }).uncheck();
    await expect(page.getByRole('region', { name: 'សារ SMS' }).getByRole('status')).toHaveText('បានរក្សាទុក');
    const after = await request.get('/api/v1/me/sms-notifications', { headers: { authorization: `Bearer ${person.token}` } });
    expect(((await after.json()) as { kinds: Record<string, boolean> }).kinds.offerReceived).toBe(false);
  });
});
