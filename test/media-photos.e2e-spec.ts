import { identityDemoPhotosSeeder, identityDemoSeeder } from '@psar/identity';
import { listingsDemoPhotosSeeder, listingsDemoSeeder } from '@psar/listings';
import { seedOnce } from '@psar/platform';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import type { Response } from 'supertest';
import { addMember, bearer, createOrganization, registerUser, type RegisteredUser } from './support/identity';
import { phoneJpeg, pngBomb } from './support/images';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { startLocalS3, type LocalS3 } from './support/s3';
import { createOpenFair, createOrganizer, requestStall } from './support/trade-fairs';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Photos end to end, once per storage backend: Postgres (the default) and S3 (s3rver, a
 * local S3-compatible server from npm). The same tests run against both.
 */
describe.each(['postgres', 's3'] as const)('photos (%s storage)', (backend) => {
  let s3: LocalS3 | undefined;
  let t: TestApp;
  let seller: RegisteredUser;
  let sellerOrg: { id: string };
  let outsider: RegisteredUser;
  let outsiderOrg: { id: string };
  let listingId: string;
  let photo: Buffer;

  beforeAll(async () => {
    if (backend === 's3') s3 = await startLocalS3();
    t = await createTestApp(s3?.env ?? {});
    seller = await registerUser(t.http);
    sellerOrg = await createOrganization(t.http, seller.accessToken);
    outsider = await registerUser(t.http);
    outsiderOrg = await createOrganization(t.http, outsider.accessToken);
    listingId = (await createListing(t.http, seller.accessToken, sellerOrg.id)).id;
    photo = await phoneJpeg(2000, 1500);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  const upload = (path: string, token: string, file: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') =>
    t.http().post(`/api/v1${path}`).set(...bearer(token)).attach('file', file, { filename, contentType });

  /** A photo URL's bytes as a browser gets them: through the API, following a redirect to the object store. */
  async function load(url: string, app: TestApp = t, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const res: Response = await app.http().get(url).set(headers).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    if (res.status === 302) {
      const followed = await fetch(res.headers.location!, { headers });
      return { status: followed.status, headers: followed.headers, body: Buffer.from(await followed.arrayBuffer()) };
    }
    return { status: res.status, headers: new Headers(res.headers as Record<string, string>), body: res.body as Buffer };
  }

  it('uploads a photo: 201 with its id, a placeholder and WebP URLs at 320, 480, 800 and 1600 px', async () => {
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, photo);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'photo',
      placeholder: expect.stringMatching(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{20,40}$/),
      width: 1600,
      height: 1200,
      urls: { '320': expect.any(String), '480': expect.any(String), '800': expect.any(String), '1600': expect.any(String) },
    });
    for (const [width, url] of Object.entries(res.body.urls as Record<string, string>)) {
      const file = await load(url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/webp');
      expect(file.headers.get('cache-control')).toContain('immutable');
      const meta = await sharp(file.body).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
        format: 'webp',
        width: Number(width),
        height: (Number(width) * 3) / 4,
      });
    }
  });

  it('serves under immutable URLs with ETags (304 on revalidation for the Postgres backend)', async () => {
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, photo);
    const first = await load(res.body.urls['320']);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    if (backend === 'postgres') {
      const again = await t.http().get(res.body.urls['320']).set('if-none-match', etag!);
      expect(again.status).toBe(304);
    } else {
      const redirect = await t.http().get(res.body.urls['320']);
      expect(redirect.status).toBe(302);
    }
    // A second upload of the same picture is a new photo with new URLs.
    const second = await upload(`/listings/${listingId}/photos`, seller.accessToken, photo);
    expect(second.body.urls['320']).not.toBe(res.body.urls['320']);
  });

  it('carries the photos, cover first, on the listing and in search results; reorders and deletes', async () => {
    const own = (await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Kampong Leav ridge tiles' })).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(`/listings/${own}/photos`, seller.accessToken, await phoneJpeg(64 + i, 48)).expect(201)).body.id);
    let listing = (await t.http().get(`/api/v1/listings/${own}`).expect(200)).body;
    expect(listing.photos.map((p: { id: string }) => p.id)).toEqual(ids);

    const reordered = await t.http().put(`/api/v1/listings/${own}/photos/order`).set(...bearer(seller.accessToken)).send({ photoIds: [ids[2], ids[0], ids[1]] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.photos.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[0], ids[1]]);
    const found = (await t.http().get('/api/v1/listings').query({ q: 'ridge' }).expect(200)).body.items.find((l: { id: string }) => l.id === own);
    expect(found.photos.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(found.photos[0]).toMatchObject({ placeholder: expect.any(String), urls: { '320': expect.any(String) } });

    expectProblem(await t.http().put(`/api/v1/listings/${own}/photos/order`).set(...bearer(seller.accessToken)).send({ photoIds: [ids[0]] }), 400, 'photoIds');

    const removed = listing.photos[0];
    await t.http().delete(`/api/v1/listings/${own}/photos/${removed.id}`).set(...bearer(seller.accessToken)).expect(204);
    listing = (await t.http().get(`/api/v1/listings/${own}`).expect(200)).body;
    expect(listing.photos.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect((await t.http().get(removed.urls['320'])).status).toBe(404);
    expect((await t.http().get(removed.urls['480'])).status).toBe(404);
    expectProblem(await t.http().delete(`/api/v1/listings/${own}/photos/${removed.id}`).set(...bearer(seller.accessToken)), 404);
  });

  it('offers the 480 px preview only where it was made: a photo from before previews has no URL for it', async () => {
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, photo).expect(201);
    const preview = await load(res.body.urls['480']);
    // Low quality, so a page can carry it inline: smaller than the phone's 800 px photo.
    expect(preview.body.length).toBeLessThan((await load(res.body.urls['800'])).body.length);
    await t.app.get(DataSource).query(`UPDATE photos SET variants = (SELECT jsonb_agg(v) FROM jsonb_array_elements(variants) v WHERE (v->>'width')::int <> 480) WHERE id = $1`, [res.body.id]);
    const listing = (await t.http().get(`/api/v1/listings/${listingId}`).expect(200)).body;
    const old = listing.photos.find((p: { id: string }) => p.id === res.body.id);
    expect(Object.keys(old.urls)).toEqual(['320', '800', '1600']);
    expect((await t.http().get(`/api/v1/photos/${res.body.id}/480.webp`)).status).toBe(404);
  });

  it('keeps at most 8 photos under concurrent uploads, at positions 0..7', async () => {
    const own = (await createListing(t.http, seller.accessToken, sellerOrg.id)).id;
    const small = await phoneJpeg(40, 30);
    const results = await Promise.all(Array.from({ length: 11 }, () => upload(`/listings/${own}/photos`, seller.accessToken, small)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(8).fill(201), ...Array(3).fill(409)]);
    const listing = (await t.http().get(`/api/v1/listings/${own}`).expect(200)).body;
    expect(listing.photos.map((p: { id: string }) => p.id).sort()).toEqual(results.filter((r) => r.status === 201).map((r) => r.body.id).sort());
  });

  it('answers a retried upload with the same Idempotency-Key with the first photo, adding nothing', async () => {
    const own = (await createListing(t.http, seller.accessToken, sellerOrg.id)).id;
    const small = await phoneJpeg(40, 30);
    const send = () => upload(`/listings/${own}/photos`, seller.accessToken, small).set('idempotency-key', `retry-${own}`);
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await t.http().get(`/api/v1/listings/${own}`).expect(200)).body.photos).toHaveLength(1);
  });

  it('refuses a ninth photo with 409', async () => {
    const own = (await createListing(t.http, seller.accessToken, sellerOrg.id)).id;
    const small = await phoneJpeg(40, 30);
    for (let i = 0; i < 8; i++) await upload(`/listings/${own}/photos`, seller.accessToken, small).expect(201);
    expectProblem(await upload(`/listings/${own}/photos`, seller.accessToken, small), 409);
  });

  it("lets only the seller's owners and managers change photos: 404 for another organization, 403 for a plain member", async () => {
    expectProblem(await upload(`/listings/${listingId}/photos`, outsider.accessToken, photo), 404);
    expectProblem(await t.http().put(`/api/v1/listings/${listingId}/photos/order`).set(...bearer(outsider.accessToken)).send({ photoIds: [] }), 404);
    const anyPhoto = (await t.http().get(`/api/v1/listings/${listingId}`)).body.photos[0];
    expectProblem(await t.http().delete(`/api/v1/listings/${listingId}/photos/${anyPhoto.id}`).set(...bearer(outsider.accessToken)), 404);
    // Another organization's profile is public: 403, not 404.
    expectProblem(await upload(`/organizations/${sellerOrg.id}/photos`, outsider.accessToken, photo), 403);
    expectProblem(await t.http().put(`/api/v1/organizations/${sellerOrg.id}/photos/order`).set(...bearer(outsider.accessToken)).send({ photoIds: [] }), 403);
    // …while the outsider's own organization takes them.
    await upload(`/organizations/${outsiderOrg.id}/photos`, outsider.accessToken, await phoneJpeg(64, 48)).expect(201);
    const member = await registerUser(t.http);
    await addMember(t.http, seller.accessToken, sellerOrg.id, member.id, 'member');
    expectProblem(await upload(`/listings/${listingId}/photos`, member.accessToken, photo), 403);
    expectProblem(await t.http().post(`/api/v1/listings/${listingId}/photos`).attach('file', photo, 'photo.jpg'), 401);
  });

  it('checks the real content: a ".jpg" that is HTML or a script gets 415 problem+json', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
    expectProblem(await upload(`/listings/${listingId}/photos`, seller.accessToken, html, 'kiln.jpg', 'image/jpeg'), 415, 'file');
    expectProblem(await upload(`/listings/${listingId}/photos`, seller.accessToken, Buffer.from('#!/bin/sh\necho hi\n'), 'x.png', 'image/png'), 415, 'file');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expectProblem(await upload(`/listings/${listingId}/photos`, seller.accessToken, svg, 'x.webp', 'image/webp'), 415, 'file');
    // Not multipart at all, or the wrong field.
    expectProblem(await t.http().post(`/api/v1/listings/${listingId}/photos`).set(...bearer(seller.accessToken)).send({ file: 'x' }), 415);
    expectProblem(
      await t.http().post(`/api/v1/listings/${listingId}/photos`).set(...bearer(seller.accessToken)).attach('picture', photo, 'photo.jpg'),
      400,
      'file',
    );
    // A JSON route sent multipart gets a 4xx too, not a 500.
    const misdirected = await t.http().post('/api/v1/organizations').set(...bearer(seller.accessToken)).attach('file', photo, 'photo.jpg');
    expect([400, 415]).toContain(misdirected.status);
    expectProblem(misdirected, misdirected.status);
    // A damaged JPEG: the right magic bytes, nothing behind them.
    expectProblem(await upload(`/listings/${listingId}/photos`, seller.accessToken, photo.subarray(0, 200)), 422, 'file');
  });

  it('refuses a file over PHOTO_MAX_BYTES with 413', async () => {
    const big = Buffer.concat([photo.subarray(0, 3), Buffer.alloc(t.env.PHOTO_MAX_BYTES + 1024, 7)]);
    expectProblem(await upload(`/listings/${listingId}/photos`, seller.accessToken, big), 413);
  });

  it('refuses a 20,000 × 20,000 PNG bomb with 422, quickly and without the memory jumping', async () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = Date.now();
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, bomb, 'bomb.png', 'image/png');
    const elapsed = Date.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expectProblem(res, 422, 'file');
    expect(res.body.detail).toContain('20000 × 20000');
    // Decoding it would take 400 MB at least (1.6 GB as RGBA); the header check takes next to nothing.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('removes EXIF (the GPS position) and turns the photo upright by its orientation', async () => {
    const withGps = await phoneJpeg(800, 600, { gps: true, orientation: 6 });
    const original = await sharp(withGps).metadata();
    expect(original.exif?.includes(Buffer.from([0x88, 0x25])) || original.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, withGps).expect(201);
    // Orientation 6: stored 800 × 600, shown rotated 90°: 600 wide, 800 high.
    expect({ width: res.body.width, height: res.body.height }).toEqual({ width: 600, height: 800 });
    for (const url of Object.values(res.body.urls as Record<string, string>)) {
      const file = await load(url);
      const meta = await sharp(file.body).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(file.body.includes(Buffer.from('TestPhone'))).toBe(false);
    }
  });

  it('gives organizations a logo (replaced by the next one) and photos, on the profile and in the directory', async () => {
    const logo = await upload(`/organizations/${sellerOrg.id}/photos?kind=logo`, seller.accessToken, await phoneJpeg(300, 300)).expect(201);
    expect(logo.body.kind).toBe('logo');
    const place = await upload(`/organizations/${sellerOrg.id}/photos`, seller.accessToken, photo).expect(201);
    const newLogo = await t
      .http()
      .post(`/api/v1/organizations/${sellerOrg.id}/photos`)
      .set(...bearer(seller.accessToken))
      .field('kind', 'logo')
      .attach('file', await phoneJpeg(200, 200), 'logo.png')
      .expect(201);
    const profile = (await t.http().get(`/api/v1/organizations/${sellerOrg.id}`).expect(200)).body;
    expect(profile.logo.id).toBe(newLogo.body.id);
    expect(profile.photos.map((p: { id: string }) => p.id)).toEqual([place.body.id]);
    expect((await t.http().get(logo.body.urls['320'])).status).toBe(404);
    const directory = (await t.http().get('/api/v1/organizations').query({ q: profile.name }).expect(200)).body;
    expect(directory.items[0].logo.id).toBe(newLogo.body.id);
    expectProblem(await upload(`/organizations/${sellerOrg.id}/photos?kind=banner`, seller.accessToken, photo), 400, 'kind');
  });

  it("shows exhibitors of a fair with their logo, photos and their showcased listings' covers", async () => {
    const organizer = await createOrganizer(t.http);
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    const showcased = (await createListing(t.http, seller.accessToken, sellerOrg.id)).id;
    const cover = (await upload(`/listings/${showcased}/photos`, seller.accessToken, await phoneJpeg(64, 48)).expect(201)).body;
    await upload(`/organizations/${sellerOrg.id}/photos?kind=logo`, seller.accessToken, await phoneJpeg(64, 64)).expect(201);
    const booking = await requestStall(t.http, seller.accessToken, fair.id, fair.stalls[0]!.id, sellerOrg.id, { showcase: [showcased] });
    await t.http().post(`/api/v1/stall-bookings/${booking.id}/approve`).set(...bearer(organizer.user.accessToken)).expect(200);
    const exhibitors = (await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors`).expect(200)).body.items;
    expect(exhibitors).toHaveLength(1);
    expect(exhibitors[0].organization).toMatchObject({ id: sellerOrg.id, logo: { kind: 'logo', placeholder: expect.any(String) }, photos: expect.any(Array) });
    expect(exhibitors[0].showcaseCovers).toEqual([{ listingId: showcased, photo: cover }]);
  });

  // S3 only: a public bucket or CDN in front of it.
  if (backend === 's3')
    it('with PHOTO_S3_PUBLIC_URL, points photo URLs at the bucket directly and removes the objects on delete', async () => {
    const direct = await createTestApp({ ...s3!.env, PHOTO_S3_PUBLIC_URL: `${s3!.env.PHOTO_S3_ENDPOINT}/${s3!.env.PHOTO_S3_BUCKET}` }, { database: t.db });
    try {
      const post = (token: string) =>
        direct.http().post(`/api/v1/listings/${listingId}/photos`).set(...bearer(token)).attach('file', photo, { filename: 'photo.jpg', contentType: 'image/jpeg' });
      const res = await post(seller.accessToken).expect(201);
      const url: string = res.body.urls['320'];
      expect(url.startsWith(`${s3!.env.PHOTO_S3_ENDPOINT}/${s3!.env.PHOTO_S3_BUCKET}/photos/${res.body.id}/`)).toBe(true);
      const object = await fetch(url);
      expect(object.status).toBe(200);
      expect(object.headers.get('cache-control')).toContain('immutable');
      expect((await sharp(Buffer.from(await object.arrayBuffer())).metadata()).width).toBe(320);
      await direct.http().delete(`/api/v1/listings/${listingId}/photos/${res.body.id}`).set(...bearer(seller.accessToken)).expect(204);
      expect((await fetch(url)).status).toBe(404);
    } finally {
      await direct.close({ keepDatabase: true });
    }
  });

  it('serves the same photo from a second replica on the same database', async () => {
    const res = await upload(`/listings/${listingId}/photos`, seller.accessToken, photo).expect(201);
    const second = await createTestApp(s3?.env ?? {}, { database: t.db });
    try {
      const fromFirst = await load(res.body.urls['800']);
      const fromSecond = await load(res.body.urls['800'], second);
      expect(fromSecond.status).toBe(200);
      expect(fromSecond.body.equals(fromFirst.body)).toBe(true);
      const listing = (await second.http().get(`/api/v1/listings/${listingId}`).expect(200)).body;
      expect(listing.photos.map((p: { id: string }) => p.id)).toContain(res.body.id);
    } finally {
      await second.close({ keepDatabase: true });
    }
  });

  // Last: it adds the demo organizations and listings to this file's database.
  it('gives the demo data drawn photos (stored in Postgres, served whatever the backend)', async () => {
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder, identityDemoPhotosSeeder, listingsDemoSeeder, listingsDemoPhotosSeeder]);
    const tiles = (await t.http().get('/api/v1/listings?productCode=clay_roof_tile&limit=100').expect(200)).body.items.filter((l: { organization: { name: string } }) =>
      l.organization.name.endsWith('(demo)'),
    );
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((l: { photos: unknown[] }) => l.photos.length >= 1)).toBe(true);
    expect(tiles.some((l: { photos: unknown[] }) => l.photos.length >= 2)).toBe(true);
    const card = await load(tiles[0].photos[0].urls['320']);
    expect(card.status).toBe(200);
    expect((await sharp(card.body).metadata()).width).toBe(320);
    const cooperative = (await t.http().get('/api/v1/organizations').query({ q: 'Clay Tile Makers (demo)' }).expect(200)).body.items[0];
    expect(cooperative.logo).toMatchObject({ kind: 'logo' });
    expect(cooperative.photos).toHaveLength(1);
  }, 60_000);
});
