/** The languages of Dawn's interface: English, Bengali, Hindi. */
export const SUPPORTED_LANGUAGES = ['en', 'bn', 'hi'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
