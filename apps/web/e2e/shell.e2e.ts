import { expect, expectAccessible, screenshot, test } from './support/fixtures';

test.describe('the app shell', () => {
  test('opens in Khmer on a phone, and switches to English and back', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    await expect(page.getByRole('heading', { level: 1, name: 'ទីផ្សាររបស់អ្នកផលិតកម្ពុជា' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'តើអ្នកកំពុងរកអ្វី?' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'home-km');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: "The marketplace of Cambodia's producers" })).toBeVisible();
    // The choice is kept on the phone.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: "The marketplace of Cambodia's producers" })).toBeVisible();
    await page.getByRole('button', { name: 'ខ្មែរ' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  });

  test('client routes get the app, the API keeps its own 404, assets are cached for a year and pre-compressed', async ({ request }) => {
    const page = await request.get('/listings/some-client-route');
    expect(page.status()).toBe(200);
    expect(page.headers()['content-type']).toContain('text/html');
    expect(page.headers()['cache-control']).toBe('no-cache');
    const csp = page.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    const api = await request.get('/api/v1/nothing-here');
    expect(api.status()).toBe(404);
    expect(api.headers()['content-type']).toContain('application/problem+json');
    const missingFile = await request.get('/assets/missing-file.js');
    expect(missingFile.status()).toBe(404);

    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await request.get(script!, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['content-encoding']).toBe('br');
  });
});
