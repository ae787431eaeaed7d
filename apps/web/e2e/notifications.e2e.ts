import type { APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, registerViaApi, screenshot, signInOnPage, test, type Account } from './support/fixtures';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function post(request: APIRequestContext, account: Account, path: string, data: unknown): Promise<{ id: string }> {
  const response = await request.post(`/api/v1${path}`, { data, headers: { authorization: `Bearer ${account.token}` } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

async function organization(request: APIRequestContext, account: Account, name: string, capability: 'sell' | 'buy'): Promise<string> {
  const org = await post(request, account, '/organizations', {
    name,
    kind: 'firm',
    capabilities: [capability],
    provinceCode: 'KH-4',
    valueChains: ['clay_tiles_bricks'],
  });
  return org.id;
}

test.describe('notifications', () => {
  test('the bell counts live what happens to a seller; the list links to it and marks it read', async ({ page, request }) => {
    const seller = await registerViaApi(request, 'Sok Kiln Owner');
    const buyer = await registerViaApi(request, 'Dara Builder');
    const sellerOrg = await organization(request, seller, `Kampong Leav Kiln ${Date.now()}`, 'sell');
    const buyerOrg = await organization(request, buyer, `Dara Construction ${Date.now()}`, 'buy');
    const listing = await post(request, seller, '/listings', {
      organizationId: sellerOrg,
      productCode: 'clay_roof_tile',
      title: 'Grade-A clay roof tiles',
      quantity: '20000',
      unit: 'piece',
      price: { amount: '650', currency: 'KHR' },
      qualityGrade: 'A',
      provinceCode: 'KH-4',
      availableUntil: inDays(60),
    });

    await signInOnPage(page, seller);
    const bell = page.getByRole('banner').getByRole('link', { name: /^ការជូនដំណឹង/ });
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង');

    // Two things happen to the seller while the page is open: the buyer orders from the
    // listing, and posts a demand the listing fits.
    await post(request, buyer, '/offers', { kind: 'order', listingId: listing.id, organizationId: buyerOrg, quantity: '5000' });
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង៖ 1 មិនទាន់អាន');
    await post(request, buyer, '/demands', {
      organizationId: buyerOrg,
      productCode: 'clay_roof_tile',
      quantity: '8000',
      unit: 'piece',
      qualityGrade: 'A',
      deliveryProvinceCode: 'KH-12',
      neededBy: inDays(30),
    });
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង៖ 2 មិនទាន់អាន');
    await expect(bell).toHaveText('2');

    await bell.click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole('heading', { level: 1, name: 'ការជូនដំណឹង' })).toBeVisible();
    const order = page.getByRole('link', { name: 'អ្នកទទួលបានការបញ្ជាទិញ ឬសម្រង់តម្លៃថ្មី' });
    const match = page.getByRole('listitem').filter({ hasText: 'មានអ្នកទិញត្រូវការអ្វីដែលអ្នកលក់' });
    await expect(order).toBeVisible();
    await expect(match).toBeVisible();
    // The server's own words name who and what.
    await expect(page.getByText(/sent you an order: 5000/)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'notifications-km');

    // Marked read from the list: the count follows.
    await match.getByRole('button', { name: 'សម្គាល់ថាបានអាន' }).click();
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង៖ 1 មិនទាន់អាន');
    await expect(match.getByRole('button', { name: 'សម្គាល់ថាបានអាន' })).toHaveCount(0);
    await expect(match.getByRole('link')).toHaveAttribute('href', `/my/listings/${listing.id}`);

    // Following a notification opens what it is about and counts as reading it.
    await order.click();
    await expect(page).toHaveURL(/\/my\/offers$/);
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង');
    await expect(bell).toHaveText('');

    // Another order comes while the seller is elsewhere; "mark all read" clears it.
    await post(request, buyer, '/offers', { kind: 'order', listingId: listing.id, organizationId: buyerOrg, quantity: '1000' });
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង៖ 1 មិនទាន់អាន');
    await bell.click();
    await expect(page.getByText(/sent you an order: 1000/)).toBeVisible();
    await page.getByRole('button', { name: 'សម្គាល់ទាំងអស់ថាបានអាន' }).click();
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង');
    await expect(page.getByRole('button', { name: 'សម្គាល់ថាបានអាន' })).toHaveCount(0);

    // And it stays so after a reload (read on the server, not only on the page).
    await page.reload();
    await expect(page.getByText(/sent you an order: 1000/)).toBeVisible();
    await expect(bell).toHaveAccessibleName('ការជូនដំណឹង');
  });

  test('asks someone signed out to sign in', async ({ page }) => {
    await page.goto('/notifications');
    await expect(page.getByRole('link', { name: 'ចូលគណនី ដើម្បីមើលការជូនដំណឹងរបស់អ្នក' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: /^ការជូនដំណឹង/ })).toHaveCount(0);
  });
});
