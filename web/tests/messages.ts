// The portal's own message files: tests find elements by the texts a user reads.
import enJson from "../src/i18n/en.json" with { type: "json" };
import zhJson from "../src/i18n/zh-CN.json" with { type: "json" };

export type Texts = typeof zhJson;
export const zh: Texts = zhJson;
export const en: Texts = enJson;
