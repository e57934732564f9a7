import { useState } from "preact/hooks";
import { serviceType } from "../api/catalogue";
import { api, idempotencyKey, ok, ProblemError, type DocumentMetadata, type ServiceType } from "../api/client";
import { uploadDocument } from "../api/upload";
import { accessToken } from "../auth";
import { Loading, ProblemBox, Screen, useLoad } from "../components/common";
import {
  parseSchema,
  SchemaFields,
  serverFieldErrors,
  toPayload,
  validate,
  type FieldErrors,
  type FormValues,
} from "../components/schemaForm";
import { useI18n } from "../i18n/i18n";
import { go, href } from "../router";

export interface Slot {
  documentId: string;
  fileName: string;
  progress: number | null;
  error: unknown;
}

/** One required document: upload a file (with progress) or reuse one from the wallet. */
export function DocumentSlot({
  documentType,
  accepted,
  wallet,
  slot,
  error,
  onChange,
  ownerId = "",
}: {
  documentType: string;
  accepted: string[];
  wallet: DocumentMetadata[];
  slot: Slot | undefined;
  error: string | undefined;
  onChange: (s: Slot) => void;
  /** staff uploading for a citizen (intake): whose document it is */
  ownerId?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = `doc-${documentType}`;
  const reusable = wallet.filter(
    (d) => d.document_type === documentType || (d.certificate_type && accepted.includes(d.certificate_type)),
  );
  const upload = async (file: File) => {
    onChange({ documentId: "", fileName: file.name, progress: 0, error: null });
    try {
      const done = await uploadDocument(
        file,
        { document_type: documentType, title: file.name, ...(ownerId ? { owner_id: ownerId } : {}) },
        await accessToken(),
        i18n.language,
        (p) => onChange({ documentId: "", fileName: file.name, progress: p, error: null }),
      );
      if (!done.document) throw new Error(file.name);
      onChange({ documentId: done.document.id, fileName: file.name, progress: 1, error: null });
    } catch (e) {
      onChange({ documentId: "", fileName: file.name, progress: null, error: e });
    }
  };
  const label = t(`doctype.${documentType}` as Parameters<typeof t>[0]);
  return (
    <fieldset class={`document${error ? " invalid" : ""}`}>
      <legend>{label.startsWith("doctype.") ? documentType : label}</legend>
      <label for={id}>{t("apply.uploadFile")}</label>
      <input
        id={id}
        type="file"
        accept="application/pdf,image/png,image/jpeg"
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void upload(file);
        }}
      />
      {slot?.progress !== null && slot?.progress !== undefined ? (
        <div class="progress-line">
          <progress max={1} value={slot.progress} aria-label={t("apply.progress", { name: slot.fileName })} />
          <span role="status">
            {slot.documentId ? t("apply.uploaded", { name: slot.fileName }) : `${Math.round(slot.progress * 100)}%`}
          </span>
        </div>
      ) : null}
      {reusable.length > 0 ? (
        <>
          <label for={`${id}-reuse`}>{t("apply.reuse")}</label>
          <select
            id={`${id}-reuse`}
            value={slot?.documentId ?? ""}
            onChange={(e) => onChange({ documentId: e.currentTarget.value, fileName: "", progress: null, error: null })}
          >
            <option value="">{t("form.choose")}</option>
            {reusable.map((d) => (
              <option value={d.id}>{d.title || d.document_type}</option>
            ))}
          </select>
        </>
      ) : null}
      <ProblemBox error={slot?.error} />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Moves the gateway's "document_ids" reasons to the document slot whose type they name. */
export function documentErrors(types: string[], errors: FieldErrors): FieldErrors {
  const reason = errors.document_ids;
  if (!reason) return errors;
  const named = types.filter((type) => reason.includes(`'${type}'`));
  const out: FieldErrors = { ...errors };
  delete out.document_ids;
  for (const type of named.length ? named : types) out[`doc:${type}`] = reason;
  return out;
}

/** A document an application needs: its type, and the certificate types that may stand for it. */
export interface NeededDocument {
  documentType: string;
  accepted: string[];
}

/** What the form gathered: the payload of its fields and the chosen documents. */
export interface Filed {
  form: Record<string, unknown>;
  document_ids: string[];
}

/** The form-and-documents step of applying (for one service or a life event): fields from the
 * JSON Schema with its messages, a slot per needed document (upload or reuse from the wallet),
 * the gateway's invalid_params beside the field or document they name. ``send`` files it with
 * the form's idempotency key and answers where to go next. */
export function ApplicationForm({
  schemaJson,
  documents,
  wallet,
  submitLabel,
  send,
}: {
  schemaJson: string;
  documents: NeededDocument[];
  wallet: DocumentMetadata[];
  submitLabel: string;
  send: (filed: Filed, idempotencyKey: string) => Promise<string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const schema = parseSchema(schemaJson);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [slots, setSlots] = useState<Record<string, Slot>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(idempotencyKey);

  const submit = async (e: Event) => {
    e.preventDefault();
    // Document rules (which types, reuse of certificates) are the gateway's to check: its
    // invalid_params on document_ids are shown beside the documents they name.
    const found = validate(i18n, schema, values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      setProblem(new ProblemError({ type: "about:blank", title: t("form.fix"), status: 0, detail: "" }));
      return;
    }
    setBusy(true);
    try {
      const documentIds = Object.values(slots).map((s) => s.documentId).filter(Boolean);
      go(await send({ form: toPayload(schema, values), document_ids: documentIds }, key));
    } catch (err) {
      if (err instanceof ProblemError) {
        const types = documents.map((d) => d.documentType);
        setErrors(documentErrors(types, serverFieldErrors(err.problem.invalid_params)));
      }
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="apply" noValidate onSubmit={submit}>
      <ProblemBox error={problem} />
      <SchemaFields schema={schema} values={values} errors={errors} onChange={setValues} />
      <h2>{t("apply.documents")}</h2>
      {documents.map((d) => (
        <DocumentSlot
          documentType={d.documentType}
          accepted={d.accepted}
          wallet={wallet}
          slot={slots[d.documentType]}
          error={errors[`doc:${d.documentType}`]}
          onChange={(s) => setSlots((all) => ({ ...all, [d.documentType]: s }))}
        />
      ))}
      <button type="submit" disabled={busy}>
        {busy ? t("common.sending") : submitLabel}
      </button>
    </form>
  );
}

function ApplyForm({ service, wallet }: { service: ServiceType; wallet: DocumentMetadata[] }) {
  const { t } = useI18n();
  const send = async (filed: Filed, key: string) => {
    const created = await ok(
      api.POST("/v1/cases", {
        params: { header: { "idempotency-key": key } },
        body: { service_type: service.code, ...filed },
      }),
    );
    return href("cases", created.id);
  };
  return (
    <ApplicationForm
      schemaJson={service.form_schema_json}
      documents={service.required_documents.map((r) => ({
        documentType: r.document_type,
        accepted: r.accepted_certificate_types,
      }))}
      wallet={wallet}
      submitLabel={t("apply.submit")}
      send={send}
    />
  );
}

/** Apply for one service: the form generated from its JSON Schema, and its documents. */
export function ApplyScreen({ code }: { code: string }) {
  const i18n = useI18n();
  const state = useLoad(async () => {
    const service = await serviceType(code);
    if (!service) throw new ProblemError({ type: "about:blank", title: i18n.t("apply.unknown"), status: 404, detail: code });
    const wallet = await ok(api.GET("/v1/me/wallet", { params: { query: { limit: 100 } } }));
    return { service, wallet: wallet.items };
  }, [code]);
  return (
    <Screen title={state.data ? i18n.t("apply.title", { name: i18n.name(state.data.service.name) }) : i18n.t("apply.heading")}>
      <Loading state={state}>{({ service, wallet }) => <ApplyForm service={service} wallet={wallet} />}</Loading>
    </Screen>
  );
}
