import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ProblemBox, Screen, useAction } from "../components/common";
import { QrScanner } from "../components/qr";
import { useI18n } from "../i18n/i18n";

type Verdict = Schemas["documents_VerifyCertificateResponse"];

function Result({ v }: { v: Verdict }) {
  const { t, date } = useI18n();
  return (
    <div class={`verdict ${v.valid ? "valid" : "invalid"}`} role="status" aria-live="polite">
      <h2>{v.valid ? t("verify.valid") : t("verify.invalid")}</h2>
      {!v.valid && v.reason ? <p>{v.reason}</p> : null}
      <dl>
        <dt>{t("verify.type")}</dt>
        <dd>{v.certificate_type}</dd>
        <dt>{t("verify.case")}</dt>
        <dd>{v.case_number}</dd>
        <dt>{t("verify.issuer")}</dt>
        <dd>{v.issuer_department}</dd>
        <dt>{t("verify.issued")}</dt>
        <dd>{date(v.issued_at)}</dd>
        {v.expires_at ? (
          <>
            <dt>{t("verify.expires")}</dt>
            <dd>{date(v.expires_at)}</dd>
          </>
        ) : null}
        {v.revoked ? (
          <>
            <dt>{t("verify.revoked")}</dt>
            <dd>
              {date(v.revoked_at)} {v.revocation_reason}
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** Public: check a certificate file, the text of its QR code, or the QR code scanned with the
 * camera (no login needed). */
export function VerifyScreen() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const action = useAction();
  const verify = (content: Blob, name: string) => {
    setVerdict(null);
    void action.run(async () => {
      setVerdict(
        await ok(
          api.POST("/v1/certificates/verify", {
            body: { file: "" },
            bodySerializer: () => {
              const form = new FormData();
              form.append("file", content, name);
              return form;
            },
          }),
        ),
      );
    });
  };
  const check = (e: Event) => {
    e.preventDefault();
    verify(file ?? new Blob([text.trim()], { type: "application/octet-stream" }), file?.name ?? "qr.jws");
  };
  // a scanned QR code holds the certificate's compact JWS: checked at once, as if pasted
  const scanned = (payload: string) => {
    setFile(null);
    setText(payload);
    verify(new Blob([payload], { type: "application/octet-stream" }), "qr.jws");
  };
  return (
    <Screen title={t("verify.title")}>
      <p>{t("verify.lead")}</p>
      <QrScanner onText={scanned} />
      <form onSubmit={check} noValidate>
        <div class="field">
          <label for="verify-file">{t("verify.file")}</label>
          <input id="verify-file" type="file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <div class="field">
          <label for="verify-text">{t("verify.text")}</label>
          <textarea id="verify-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={action.busy || (!file && !text.trim())}>
          {t("verify.check")}
        </button>
      </form>
      <ProblemBox error={action.error} />
      {verdict ? <Result v={verdict} /> : null}
    </Screen>
  );
}
