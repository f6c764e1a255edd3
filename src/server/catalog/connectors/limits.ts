/** Caps on what one entry may carry, so a hostile or broken feed cannot blow up memory or cards. */
export interface CatalogLimits {
  /** Characters of a title. @default 200 */
  maxTitle?: number;
  /** Characters of a description, after HTML is stripped. @default 5000 */
  maxDescription?: number;
  /** Variants kept per product. @default 100 */
  maxVariants?: number;
  /** Images kept per product. @default 10 */
  maxImages?: number;
  /** Tags kept per product. @default 50 */
  maxTags?: number;
  /** Categories kept per product. @default 20 */
  maxCategories?: number;
  /** Attributes kept per product. @default 40 */
  maxAttributes?: number;
  /** Products kept per catalog; the rest are dropped and reported. @default 200000 */
  maxItems?: number;
}

export const DEFAULT_LIMITS: Required<CatalogLimits> = {
  maxTitle: 200, maxDescription: 5000, maxVariants: 100, maxImages: 10, maxTags: 50, maxCategories: 20, maxAttributes: 40, maxItems: 200_000,
};

/** Short strings (tags, options, attribute values) are cut at this length. */
export const MAX_SHORT = 200;
/** Ids longer than this are not ids. */
export const MAX_ID = 255;
