import { signal } from '@preact/signals';
import { api, ok } from '../api/client';

/** Names of the organizations a screen mentions by id (offers and deals carry only ids). */
const names = signal<Record<string, string>>({});
const asked = new Set<string>();

export function organizationName(id: string): string {
  if (!asked.has(id)) {
    asked.add(id);
    ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })).then(
      (organization) => (names.value = { ...names.value, [id]: organization.name }),
      () => asked.delete(id),
    );
  }
  return names.value[id] ?? '…';
}
