import type { components } from './schema';

/** Short names for the API's schemas the screens use. */
export type Schemas = components['schemas'];
export type Me = Schemas['MeDto'];
export type Membership = Schemas['MyMembershipDto'];
export type Money = Schemas['MoneyDto'];
