import { useState } from "preact/hooks";
import { api, downloadContent, ok, type DocumentMetadata } from "../api/client";
import { Loading, ProblemBox, Screen, saveBlob, useAction } from "../components/common";
import { QrCode } from "../components/qr";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { MoreButton, usePaged } from "./paging";

function fileName(d: DocumentMetadata): string {
  const base = (d.case_number || d.id).replace(/[^A-Za-z0-9._-]/g, "_");
  return d.kind === "receipt" ? `${base}-receipt.pdf` : `${base}-${d.certificate_type || d.document_type}.jws`;
}

function WalletItem({ d }: { d: DocumentMetadata }) {
  const { t, date } = useI18n();
  const [qr, setQr] = useState<string | null>(null);
  const action = useAction();
  const kind = t(d.kind === "receipt" ? "wallet.receipt" : d.kind === "certificate" ? "wallet.certificate" : "wallet.upload");
  const typeKey = `doctype.${d.certificate_type || d.document_type}` as Parameters<typeof t>[0];
  const title = d.kind === "certificate" && t(typeKey) !== typeKey ? t(typeKey) : d.title || d.document_type;
  return (
    <li class="card wallet-item">
      <h2>{title}</h2>
      <p class="meta">
        {[kind, date(d.created_at), d.status && d.status !== "active" ? d.status : ""].filter(Boolean).join(" · ")}
        {d.case_number ? (
          <>
            {" · "}
            <a href={href("cases", d.case_id)}>{d.case_number}</a>
          </>
        ) : null}
      </p>
      <div class="actions">
        <button
          type="button"
          disabled={action.busy}
          onClick={() => void action.run(async () => saveBlob(await downloadContent(d.id), fileName(d)))}
        >
          {t("wallet.download")}
        </button>
        {d.kind === "certificate" ? (
          <button
            type="button"
            class="secondary"
            aria-expanded={qr !== null}
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => setQr(qr === null ? (await (await downloadContent(d.id)).text()).trim() : null))
            }
          >
            {qr === null ? t("wallet.showQr") : t("wallet.hideQr")}
          </button>
        ) : null}
      </div>
      <ProblemBox error={action.error} />
      {qr ? <QrCode payload={qr} label={t("wallet.qrLabel", { name: title })} /> : null}
    </li>
  );
}

/** Issued certificates and receipts: download, and a QR code to verify offline. */
export function WalletScreen({ limit = 50 }: { limit?: number }) {
  const { t } = useI18n();
  const paged = usePaged(
    (cursor) => ok(api.GET("/v1/me/wallet", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } })),
    [limit],
  );
  return (
    <Screen title={t("wallet.title")}>
      <Loading state={paged}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("wallet.empty")}</p>
          ) : (
            <ul class="wallet">
              {page.items.map((d) => (
                <WalletItem d={d} />
              ))}
            </ul>
          )
        }
      </Loading>
      <MoreButton paged={paged} />
      <p>
        <a href={href("verify")}>{t("wallet.verifyLink")}</a>
      </p>
    </Screen>
  );
}
