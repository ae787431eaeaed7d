import { bearer, createOrganization, type CreatedOrganization, registerUser, type RegisteredUser } from './support/identity';
import { phoneJpeg } from './support/images';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createEvent, slot } from './support/training-events';

// What an exposure visit will show, in photos as well as words (issue 19): "before
// investing, I want to see it myself"; the organizer's managers add them, anyone sees them.
describe('events: photos of what a visit will show', () => {
  let t: TestApp;
  let organizer: RegisteredUser;
  let outsider: RegisteredUser;
  let association: CreatedOrganization;
  let eventId: string;

  const upload = async (user: RegisteredUser, id: string) => {
    const photo = await phoneJpeg(1200, 900, { gps: true });
    return t.http().post(`/api/v1/events/${id}/photos`).set(...bearer(user.accessToken)).attach('file', photo, 'kiln.jpg');
  };

  beforeAll(async () => {
    t = await createTestApp();
    [organizer, outsider] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    association = await createOrganization(t.http, organizer.accessToken, { name: 'Provincial Department of Industry', kind: 'government', capabilities: [] });
    await createOrganization(t.http, outsider.accessToken, { name: 'Another kiln' });
    const day = slot(6, 8, 6);
    eventId = (
      await createEvent(t.http, organizer.accessToken, {
        kind: 'exposure_visit',
        organizationId: association.id,
        title: 'See a tunnel kiln at work',
        valueChains: ['clay_tiles_bricks'],
        sessions: [{ ...day, provinceCode: 'KH-14', venue: 'Sok Heng tile works', capacity: 25 }],
      })
    ).id;
  });

  afterAll(() => t.close());

  it('the organizer adds photos, anyone sees them on the event, in order, and one can be removed', async () => {
    const first = await upload(organizer, eventId);
    expect(first.status).toBe(201);
    const second = await upload(organizer, eventId);
    expect(second.status).toBe(201);
    expect(first.body.urls).toMatchObject({ '320': expect.any(String), '800': expect.any(String) });
    const seen = (await t.http().get(`/api/v1/events/${eventId}`).expect(200)).body.photos as Array<{ id: string }>;
    expect(seen.map((p) => p.id)).toEqual([first.body.id, second.body.id]);
    // The file itself is public, as a listing's photo is.
    const file = await t.http().get(first.body.urls['320']).expect(200);
    expect(file.headers['content-type']).toBe('image/webp');

    const reordered = await t.http().put(`/api/v1/events/${eventId}/photos/order`).set(...bearer(organizer.accessToken)).send({ photoIds: [second.body.id, first.body.id] }).expect(200);
    expect(reordered.body.photos.map((p: { id: string }) => p.id)).toEqual([second.body.id, first.body.id]);
    await t.http().delete(`/api/v1/events/${eventId}/photos/${second.body.id}`).set(...bearer(organizer.accessToken)).expect(204);
    expect(((await t.http().get(`/api/v1/events/${eventId}`).expect(200)).body.photos as Array<{ id: string }>).map((p) => p.id)).toEqual([first.body.id]);
  });

  it('nobody else changes them: another organization 403, no token 401, an unknown event 404', async () => {
    const [{ id: photoId }] = (await t.http().get(`/api/v1/events/${eventId}`).expect(200)).body.photos as Array<{ id: string }>;
    expectProblem(await upload(outsider, eventId), 403);
    expectProblem(await t.http().post(`/api/v1/events/${eventId}/photos`).attach('file', await phoneJpeg(200, 200), 'kiln.jpg'), 401);
    expectProblem(await t.http().delete(`/api/v1/events/${eventId}/photos/${photoId}`).set(...bearer(outsider.accessToken)), 403);
    expectProblem(await t.http().put(`/api/v1/events/${eventId}/photos/order`).set(...bearer(outsider.accessToken)).send({ photoIds: [photoId] }), 403);
    expectProblem(await upload(organizer, '00000000-0000-4000-8000-000000000000'), 404);
    expectProblem(await t.http().delete(`/api/v1/events/${eventId}/photos/not-a-uuid`).set(...bearer(organizer.accessToken)), 400);
    expect((await t.http().get(`/api/v1/events/${eventId}`).expect(200)).body.photos).toHaveLength(1);
  });
});
