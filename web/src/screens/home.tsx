import { login } from "../auth";
import { Screen } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";

/** What anyone sees before logging in. */
export function HomeScreen() {
  const { t, language } = useI18n();
  return (
    <Screen title={t("home.title")}>
      <p class="lead">{t("home.lead")}</p>
      <div class="cards">
        <div class="card">
          <h2>{t("home.citizen")}</h2>
          <p>{t("home.citizenText")}</p>
          <button type="button" onClick={() => void login(language, "#/dashboard")}>
            {t("app.login")}
          </button>{" "}
          <a href={href("register")}>{t("nav.register")}</a>
        </div>
        <div class="card">
          <h2>{t("home.staff")}</h2>
          <p>{t("home.staffText")}</p>
          <button type="button" class="secondary" onClick={() => void login(language, "#/staff/queue")}>
            {t("home.staffLogin")}
          </button>
        </div>
        <div class="card">
          <h2>{t("nav.verify")}</h2>
          <p>{t("home.verifyText")}</p>
          <a href={href("verify")}>{t("home.verifyLink")}</a>
        </div>
      </div>
    </Screen>
  );
}
