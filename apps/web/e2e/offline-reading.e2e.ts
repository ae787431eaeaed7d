import { expect, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// A producer at a kiln with no signal opens the app they used yesterday: the service worker
// serves the app shell and the listings, matches and market prices they last saw.

test('opens with no connection and shows the last-seen listing, its matches and the market prices', async ({ page, context, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const seller = await registerViaApi(request, 'Ratanakiri kiln owner');
  const auth = { Authorization: `Bearer ${seller.token}` };
  const org = (await (await request.post('/api/v1/organizations', { headers: auth, data: { name: `Ratanakiri Bricks ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-16' } })).json()) as { id: string };
  const created = await request.post('/api/v1/listings', {
    headers: auth,
    data: { organizationId: org.id, productCode: 'clay_brick', title: `Ratanakiri red bricks ${tag}`, quantity: '8000', unit: 'piece', price: { amount: '500', currency: 'KHR' }, provinceCode: 'KH-16' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const listing = (await created.json()) as { id: string; title: string };

  // Yesterday, online: the app is installed by its service worker, and these pages are seen.
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The worker takes control of pages opened after it activated.
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await page.goto(`/listings/${listing.id}`);
  await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
  await page.goto('/prices');
  await expect(page.getByRole('heading', { level: 1, name: 'តម្លៃទីផ្សារ' })).toBeVisible();
  await page.goto('/listings?product=clay_brick');
  await expect(page.getByRole('link', { name: listing.title }).first()).toBeVisible();
  await signInOnPage(page, seller);
  await page.goto(`/my/listings/${listing.id}`);
  await expect(page.getByRole('heading', { name: 'អ្នកទិញដែលត្រូវការទំនិញនេះ' })).toBeVisible();

  // Today, no signal.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'អ្នកទិញដែលត្រូវការទំនិញនេះ' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'អ្នកកំពុងគ្មានអ៊ីនធឺណិត' })).toBeVisible();
  await page.goto('/listings?product=clay_brick');
  await expect(page.getByRole('link', { name: listing.title }).first()).toBeVisible();
  await page.goto(`/listings/${listing.id}`);
  await expect(page.getByRole('heading', { level: 1, name: listing.title })).toBeVisible();
  await page.goto('/prices');
  await expect(page.getByRole('heading', { level: 1, name: 'តម្លៃទីផ្សារ' })).toBeVisible();
  await screenshot(page, 'offline-prices-km');
  await context.setOffline(false);
});
