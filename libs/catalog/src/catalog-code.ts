/** The form of a value chain or product code (e.g. clay_tiles_bricks); whether it exists is the catalog's call. */
export const CATALOG_CODE_PATTERN = /^[a-z_]{1,64}$/;
