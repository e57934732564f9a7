// All user-facing texts live in the message files beside this module (zh-CN default, en).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export type Language = "zh-CN" | "en";
export type MessageKey = keyof typeof zhCN;
export const LANGUAGES: Language[] = ["zh-CN", "en"];
const MESSAGES: Record<Language, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** The language chosen before (kept in localStorage: a preference, not a secret), or zh-CN. */
export function initialLanguage(): Language {
  const saved = window.localStorage.getItem("onewindow.language");
  return saved === "en" || saved === "zh-CN" ? saved : "zh-CN";
}

export function saveLanguage(language: Language): void {
  window.localStorage.setItem("onewindow.language", language);
  document.documentElement.lang = language;
}

/** The text of ``key`` with ``{name}`` placeholders filled in. */
export function translate(
  language: Language,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  const text = MESSAGES[language][key] ?? MESSAGES["zh-CN"][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A name the catalogue gives in both languages ({"en": …, "zh": …}). */
export function localName(language: Language, name: { [k: string]: string } | undefined): string {
  if (!name) return "";
  return (language === "en" ? name.en : name.zh) || name.en || name.zh || "";
}

export interface I18n {
  language: Language;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  name: (n: { [k: string]: string } | undefined) => string;
  date: (iso: string | null | undefined) => string;
  setLanguage: (l: Language) => void;
}

export function makeI18n(language: Language, setLanguage: (l: Language) => void): I18n {
  const format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const day = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  return {
    language,
    t: (key, vars) => translate(language, key, vars),
    name: (n) => localName(language, n),
    date: (iso) => {
      if (!iso) return "";
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? day.format(d) : format.format(d);
    },
    setLanguage,
  };
}

export const I18nContext = createContext<I18n>(makeI18n("zh-CN", () => undefined));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
