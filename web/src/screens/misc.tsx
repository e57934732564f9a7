import { login } from "../auth";
import { Screen } from "../components/common";
import { useI18n } from "../i18n/i18n";

export function NeedLogin() {
  const { t, language } = useI18n();
  return (
    <Screen title={t("login.needed")}>
      <p>{t("login.why")}</p>
      <button type="button" onClick={() => void login(language)}>
        {t("app.login")}
      </button>
    </Screen>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Screen title={t("notFound.title")}>
      <p>
        <a href="#/">{t("notFound.home")}</a>
      </p>
    </Screen>
  );
}
