// My account's notices and contact details, and its security (logins, "lock my account").
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { known, Loading, ProblemBox, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";

type Channel = "email" | "sms";
type Prefs = Schemas["notifications_Preferences"];
// The optional categories of notices a citizen may route (rules.yaml of the notifications
// service); mandatory ones keep their channels whatever is chosen. GET /v1/me/preferences lists
// only what the person stored, so an unstored category shows its default (email).
const CATEGORIES = ["case_receipt", "case_progress", "certificate", "bundle", "offer"];
const CHANNELS: Channel[] = ["email", "sms"];

function channelsOf(prefs: Prefs): Record<string, Channel[]> {
  const out: Record<string, Channel[]> = {};
  for (const c of CATEGORIES) out[c] = ["email"];
  for (const c of prefs.categories) out[c.category] = c.channels.filter((x): x is Channel => x === "email" || x === "sms");
  return out;
}

function NoticeForm({ prefs }: { prefs: Prefs }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState(prefs.language as "" | "zh-CN" | "en");
  const [channels, setChannels] = useState(() => channelsOf(prefs));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const toggle = (category: string, channel: Channel, on: boolean) =>
    setChannels({ ...channels, [category]: on ? [...(channels[category] ?? []), channel] : (channels[category] ?? []).filter((c) => c !== channel) });
  const save = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void action.run(async () => {
      const categories = CATEGORIES.map((category) => ({ category, channels: channels[category] ?? [] }));
      await ok(api.PUT("/v1/me/preferences", { body: { language, categories } }));
      setSaved(true);
    });
  };
  return (
    <form class="card" noValidate onSubmit={save}>
      <h2>{t("prefs.notices")}</h2>
      <div class="field">
        <label for="prefs-language">{t("prefs.language")}</label>
        <select id="prefs-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as "" | "zh-CN" | "en")}>
          <option value="">{t("prefs.languageDefault")}</option>
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
      </div>
      {CATEGORIES.map((category) => (
        <fieldset class="channels">
          <legend>{known(t, "category", category)}</legend>
          {CHANNELS.map((channel) => (
            <div class="checkbox">
              <input
                id={`prefs-${category}-${channel}`}
                type="checkbox"
                checked={(channels[category] ?? []).includes(channel)}
                onChange={(e) => toggle(category, channel, e.currentTarget.checked)}
              />
              <label for={`prefs-${category}-${channel}`}>{t(channel === "email" ? "prefs.byEmail" : "prefs.bySms")}</label>
            </div>
          ))}
        </fieldset>
      ))}
      <p class="meta">{t("prefs.mandatory")}</p>
      <ProblemBox error={action.error} />
      <button type="submit" disabled={action.busy}>
        {t("common.save")}
      </button>
      {saved ? <p role="status">{t("prefs.saved")}</p> : null}
    </form>
  );
}

/** The email address on file; a change is pending until the code sent to the NEW address is typed in. */
function ContactDetails() {
  const { t, date } = useI18n();
  const me = useLoad(() => ok(api.GET("/v1/me")), []);
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState<{ expires: string } | null>(null);
  const [done, setDone] = useState(false);
  const action = useAction();
  const change = (e: Event) => {
    e.preventDefault();
    setDone(false);
    void action.run(async () => {
      const reply = await ok(api.PUT("/v1/me/contact-details", { body: { email } }));
      setPending({ expires: reply.expires_at ?? "" });
    });
  };
  const confirm = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await ok(api.POST("/v1/me/contact-details/confirmation", { body: { code: code.trim() } }));
      setPending(null);
      setCode("");
      setEmail("");
      setDone(true);
      me.reload();
    });
  };
  return (
    <section class="card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t("prefs.contact")}</h2>
      <Loading state={me}>
        {(m) => (
          <dl class="form-values">
            <dt>{t("field.email")}</dt>
            <dd id="contact-email">{m.person?.email || "–"}</dd>
            <dt>{t("prefs.phone")}</dt>
            <dd>{m.person?.phone || "–"}</dd>
          </dl>
        )}
      </Loading>
      {pending ? (
        <form noValidate onSubmit={confirm}>
          <p role="status">{t("prefs.contactSent")} {pending.expires ? t("prefs.codeExpires", { date: date(pending.expires) }) : ""}</p>
          <div class="field">
            <label for="contact-code">{t("prefs.code")}</label>
            <input id="contact-code" inputMode="numeric" autocomplete="one-time-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={action.busy}>
            {t("prefs.confirmContact")}
          </button>
        </form>
      ) : (
        <form noValidate onSubmit={change}>
          <div class="field">
            <label for="prefs-email">{t("prefs.newEmail")}</label>
            <input id="prefs-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={action.busy}>
            {t("prefs.changeContact")}
          </button>
        </form>
      )}
      <ProblemBox error={action.error} />
      {done ? <p role="status">{t("prefs.contactChanged")}</p> : null}
    </section>
  );
}

/** Notification language and channels; contact details. */
export function Preferences() {
  const state = useLoad(() => ok(api.GET("/v1/me/preferences")), []);
  return (
    <>
      <Loading state={state}>{(prefs) => <NoticeForm prefs={prefs} />}</Loading>
      <ContactDetails />
    </>
  );
}

/** Recent logins and "lock my account" (ends every session at once; the tokens this tab still
 * holds are refused by the gateway from then on, which the next screen shows). */
export function Security() {
  const { t, date } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/logins", { params: { query: { limit: 20 } } })), []);
  const [locked, setLocked] = useState(false);
  const action = useAction();
  return (
    <>
      <h2>{t("security.logins")}</h2>
      <Loading state={state}>
        {(logins) =>
          logins.logins.length === 0 ? (
            <p>{t("security.noLogins")}</p>
          ) : (
            <ul class="list logins">
              {logins.logins.map((l) => (
                <li>
                  {date(l.at)} · {known(t, "loginType", l.type)} · {l.ip_address} {l.error ? `· ${l.error}` : ""}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <ProblemBox error={action.error} />
      {locked ? (
        <p class="notice" role="status">
          {t("security.locked")}
        </p>
      ) : (
        <button
          type="button"
          class="danger"
          disabled={action.busy}
          onClick={() =>
            window.confirm(t("security.lockConfirm")) &&
            void action.run(async () => {
              await ok(api.POST("/v1/me/lock", { body: { reason: "" } }));
              setLocked(true);
            })
          }
        >
          {t("security.lock")}
        </button>
      )}
    </>
  );
}
