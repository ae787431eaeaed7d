import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, registerViaApi, screenshot, signInOnPage, test } from './support/fixtures';

// A tile maker's books (issue 18, item 9): a deal done on Psar is in them by itself; she
// writes down the rice husk she bought and tiles she sold at the market, and sees her margin.

async function post<T = { id: string }>(request: APIRequestContext, token: string, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { headers: { Authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

test('a tile maker sees her deal in her ledger, writes down a cost and a market sale, and reads her margin', async ({ page, request }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const [maker, builder] = await Promise.all([registerViaApi(request, 'Sokha tile maker'), registerViaApi(request, 'Builder buyer')]);
  const kiln = await post(request, maker.token, '/api/v1/organizations', {
    name: `Kampong Leav Kilns ${tag}`,
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    valueChains: ['clay_tiles_bricks'],
  });
  const firm = await post(request, builder.token, '/api/v1/organizations', {
    name: `Mekong Builders ${tag}`,
    kind: 'firm',
    capabilities: ['buy'],
    provinceCode: 'KH-12',
    valueChains: ['clay_tiles_bricks'],
  });
  const listing = await post(request, maker.token, '/api/v1/listings', {
    organizationId: kiln.id,
    productCode: 'clay_roof_tile',
    title: 'ក្បឿងដីឥដ្ឋថ្នាក់ A',
    quantity: '20000',
    unit: 'piece',
    price: { amount: '650', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  // 10,000 tiles at 650 riel, delivered and confirmed today: 6,500,000 riel.
  const offer = await post(request, builder.token, '/api/v1/offers', { kind: 'order', organizationId: firm.id, listingId: listing.id, quantity: '10000' });
  const { dealId } = await post<{ dealId: string }>(request, maker.token, `/api/v1/offers/${offer.id}/accept`, {});
  await post(request, maker.token, `/api/v1/deals/${dealId}/deliver`, {});
  await post(request, builder.token, `/api/v1/deals/${dealId}/confirm`, {});

  await signInOnPage(page, maker);
  await page.goto('/my');
  await page.getByRole('link', { name: 'បញ្ជីចំណូលចំណាយ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'បញ្ជីចំណូលចំណាយ' })).toBeVisible();
  const totals = page.getByRole('definition');
  await expect(totals.nth(0)).toHaveText('6,500,000៛');
  await expect(totals.nth(3)).toHaveText('6,500,000៛');
  await expect(page.getByText(`ក្បឿងដី ចំនួន 10,000 ជាមួយ Mekong Builders ${tag}`)).toBeVisible();
  await expect(page.getByRole('link', { name: `Mekong Builders ${tag}` })).toBeVisible();
  await expectAccessible(page);

  // A cost sent empty first: the API's errors show beside their fields.
  const form = page.getByRole('region', { name: 'កត់ត្រាចំណាយ ឬការលក់' });
  await form.getByRole('button', { name: 'កត់ត្រា', exact: true }).click();
  await expect(form.getByLabel('សម្រាប់អ្វី')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('ចំនួនទឹកប្រាក់')).toHaveAttribute('aria-invalid', 'true');
  // Rice husk for the kiln, typed in Khmer digits as a Khmer keyboard gives them.
  await form.getByLabel('សម្រាប់អ្វី').fill('អង្កាមសម្រាប់ឡ ២ រទេះ');
  await form.getByLabel('ចំនួនទឹកប្រាក់').fill('៣០០០០០');
  await form.getByLabel('សម្រាប់ផលិតផលណា (មិនចាំបាច់)').selectOption('clay_roof_tile');
  await form.getByRole('button', { name: 'កត់ត្រា', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('បានកត់ត្រារួចហើយ។');
  await expect(totals.nth(2)).toHaveText('300,000៛');
  await expect(totals.nth(3)).toHaveText('6,200,000៛');

  // Tiles sold at the market, to a stall keeper.
  await form.getByRole('radio', { name: 'ការលក់ក្រៅ Psar' }).check();
  await form.getByLabel('សម្រាប់អ្វី').fill('ក្បឿងលក់នៅផ្សារព្រៃវែង');
  await form.getByLabel('ចំនួនទឹកប្រាក់').fill('650000');
  await form.getByLabel('សម្រាប់ផលិតផលណា (មិនចាំបាច់)').selectOption('clay_roof_tile');
  await form.getByLabel('លក់ឱ្យអ្នកណា (មិនចាំបាច់)').fill('អ្នកស្រី ស្រី');
  await form.getByRole('button', { name: 'កត់ត្រា', exact: true }).click();
  await expect(totals.nth(0)).toHaveText('7,150,000៛');
  await expect(totals.nth(3)).toHaveText('6,850,000៛');
  const byProduct = page.getByRole('region', { name: 'ប្រាក់ចំណេញតាមផលិតផល' });
  await expect(byProduct.getByRole('row', { name: /ក្បឿងដី 7,150,000៛ 300,000៛ 6,850,000៛/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'អតិថិជនល្អបំផុត' }).getByRole('listitem')).toHaveText([
    `Mekong Builders ${tag} — 6,500,000៛`,
    'អ្នកស្រី ស្រី — 650,000៛',
  ]);
  await expectAccessible(page);
  await screenshot(page, 'ledger-km');

  // The sheet, for the business-skills trainer or the bank.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ទាញយកបញ្ជី (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^ledger-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
  expect(csv).toContain(`${csv.find((l) => l.includes('អង្កាម'))?.slice(0, 10)},cost,own,,clay_roof_tile,អង្កាមសម្រាប់ឡ ២ រទេះ,,,300000,KHR,300000`);
  expect(csv.some((l) => l.startsWith('Total,7150000,0,300000,6850000'))).toBe(true);

  // A line written by mistake is removed.
  await page.getByRole('button', { name: 'លុប «ក្បឿងលក់នៅផ្សារព្រៃវែង» ចេញ' }).click();
  await expect(totals.nth(0)).toHaveText('6,500,000៛');

  // In English nothing Khmer is left but what people wrote.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ledger' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Margin by product' })).toBeVisible();
  await expectNoKhmer(page, ['អង្កាមសម្រាប់ឡ ២ រទេះ']);
  await expectAccessible(page);
  await screenshot(page, 'ledger-en');
});
