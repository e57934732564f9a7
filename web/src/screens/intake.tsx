import { useState } from "preact/hooks";
import { loadCatalogue } from "../api/catalogue";
import { api, idempotencyKey, ok, ProblemError } from "../api/client";
import type { components } from "../api/schema";
import type { Principal } from "../auth";
import { Loading, ProblemBox, Screen, useAction, useLoad } from "../components/common";
import { parseSchema, SchemaFields, serverFieldErrors, toPayload, validate, type FieldErrors, type FormValues } from "../components/schemaForm";
import { useI18n } from "../i18n/i18n";
import { go, href } from "../router";
import { DocumentSlot, documentErrors, type Slot } from "./apply";

type FoundPerson = components["schemas"]["PersonMatch"];
const LEVELS = {
  unspecified: "intake.level.unspecified", low: "intake.level.low",
  substantial: "intake.level.substantial", high: "intake.level.high",
} as const;

/** Staff at an office: find a citizen by national id (with a purpose the citizen will see),
 * verify them in person, then file a case on their behalf. */
export function IntakeScreen({ who }: { who: Principal }) {
  const i18n = useI18n();
  const { t, name } = i18n;
  const catalogue = useLoad(loadCatalogue, []);
  const [idNumber, setIdNumber] = useState("");
  const [purpose, setPurpose] = useState("");
  const [found, setFound] = useState<FoundPerson | null>(null);
  const [verified, setVerified] = useState(false);
  const personId = found?.person_id ?? "";
  const [code, setCode] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [slots, setSlots] = useState<Record<string, Slot>>({});
  const [key] = useState(idempotencyKey);
  const action = useAction();
  const search = (e: Event) => {
    e.preventDefault();
    setFound(null);
    setVerified(false);
    setSlots({});
    void action.run(async () => {
      // POST: the national id travels in the body, never in a URL
      setFound(await ok(api.POST("/v1/persons/search", { body: { national_id: idNumber.trim(), purpose: purpose.trim() } })));
    });
  };
  const verify = () => {
    void action.run(async () => {
      await ok(api.POST("/v1/persons/{person_id}/in-person-verification", {
        params: { path: { person_id: personId } },
        body: { method: "document_inspection", document: { type: "resident_id", number: idNumber } },
      }));
      setVerified(true);
    });
  };
  return (
    <Screen title={t("intake.title", { office: who.office })}>
      <form class="card" noValidate onSubmit={search}>
        <h2>{t("intake.person")}</h2>
        <div class="field">
          <label for="intake-id">{t("field.national_id")}</label>
          <input id="intake-id" autocomplete="off" value={idNumber} onInput={(e) => setIdNumber(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="intake-purpose">{t("intake.purpose")}</label>
          <input id="intake-purpose" aria-describedby="intake-purpose-hint" value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
          <span id="intake-purpose-hint" class="meta">{t("intake.purposeHint")}</span>
        </div>
        <button type="submit" disabled={action.busy}>{t("intake.search")}</button>
        {found ? (
          <div role="status">
            <p>{t("intake.found", { name: `${found.family_name}${found.given_name}`, level: t(LEVELS[found.assurance_level]) })}</p>
            <button type="button" disabled={action.busy || verified} onClick={verify}>{t("intake.verify")}</button>
            {verified ? <p>{t("intake.verified")}</p> : null}
          </div>
        ) : null}
      </form>
      <ProblemBox error={action.error} />
      <Loading state={catalogue}>
        {(c) => {
          const service = c.service_types.find((s) => s.code === code);
          const schema = parseSchema(service?.form_schema_json ?? "{}");
          const file = (e: Event) => {
            e.preventDefault();
            const found = validate(i18n, schema, values);
            setErrors(found);
            if (!service || Object.keys(found).length) return;
            void action.run(async () => {
              try {
                const created = await ok(api.POST("/v1/intake/cases", {
                  params: { header: { "idempotency-key": key } },
                  body: {
                    service_type: service.code,
                    applicant_id: personId.trim(),
                    form: toPayload(schema, values),
                    identity_verified_in_person: verified,
                    document_ids: Object.values(slots).map((s) => s.documentId).filter(Boolean),
                  },
                }));
                go(href("staff", "cases", created.id));
              } catch (err) {
                if (err instanceof ProblemError)
                  setErrors(documentErrors(service.required_documents.map((r) => r.document_type), serverFieldErrors(err.problem.invalid_params)));
                throw err;
              }
            });
          };
          return (
            <form class="card" noValidate onSubmit={file}>
              <h2>{t("intake.case")}</h2>
              <div class="field">
                <label for="intake-service">{t("queue.service")}</label>
                <select id="intake-service" value={code} onChange={(e) => (setCode(e.currentTarget.value), setValues({}), setSlots({}))}>
                  <option value="">{t("form.choose")}</option>
                  {c.service_types.map((s) => <option value={s.code}>{name(s.name)}</option>)}
                </select>
              </div>
              {service ? <SchemaFields schema={schema} values={values} errors={errors} onChange={setValues} idPrefix="intake" /> : null}
              {service && personId.trim()
                ? service.required_documents.map((r) => (
                  <DocumentSlot
                    documentType={r.document_type}
                    accepted={r.accepted_certificate_types}
                    wallet={[]}
                    slot={slots[r.document_type]}
                    error={errors[`doc:${r.document_type}`]}
                    ownerId={personId.trim()}
                    onChange={(s) => setSlots((all) => ({ ...all, [r.document_type]: s }))}
                  />
                ))
                : null}
              <button type="submit" disabled={action.busy || !service || !personId}>{t("intake.file")}</button>
            </form>
          );
        }}
      </Loading>
    </Screen>
  );
}
