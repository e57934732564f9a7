import { render } from "preact";
import { bindSession } from "./api/client";
import { App } from "./app";
import { accessToken, completeLogin, configure } from "./auth";
import { initialLanguage, saveLanguage } from "./i18n/i18n";

async function start(): Promise<void> {
  const config = (await (await fetch(`${import.meta.env.BASE_URL}config.json`)).json()) as {
    authority: string;
  };
  configure(config.authority);
  const language = initialLanguage();
  saveLanguage(language);
  let loginError: unknown = null;
  try {
    await completeLogin();
  } catch (e) {
    loginError = e;
    window.history.replaceState(null, "", `${import.meta.env.BASE_URL}#/`);
  }
  bindSession({ token: accessToken, language: () => document.documentElement.lang || "zh-CN" });
  render(<App initialLanguage={language} loginError={loginError} />, document.getElementById("app")!);
}

void start();
