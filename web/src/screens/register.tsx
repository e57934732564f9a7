import { useState } from "preact/hooks";
import { api, idempotencyKey, ok, ProblemError } from "../api/client";
import { login } from "../auth";
import { ProblemBox, Screen } from "../components/common";
import { SchemaFields, serverFieldErrors, validate, type FieldErrors, type FormSchema, type FormValues } from "../components/schemaForm";
import { useI18n } from "../i18n/i18n";

// The registration body as a form schema, so the same generated fields and messages apply.
const SCHEMA: FormSchema = {
  type: "object",
  properties: {
    family_name: { type: "string", minLength: 1, maxLength: 100 },
    given_name: { type: "string", minLength: 1, maxLength: 100 },
    national_id: { type: "string", pattern: "^[0-9]{17}[0-9X]$" },
    date_of_birth: { type: "string", format: "date" },
    email: { type: "string", format: "email", maxLength: 254, pattern: "^[^@\\s]+@[^@\\s]+$" },
    password: { type: "string", format: "password", minLength: 8, maxLength: 128 },
  },
  required: ["family_name", "given_name", "national_id", "password"],
};

/** Register as a citizen (the realm account is made by the identity service), then log in. */
export function RegisterScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [username, setUsername] = useState("");
  const [key] = useState(idempotencyKey);
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validate(i18n, SCHEMA, values);
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const person = await ok(
        api.POST("/v1/registrations", {
          params: { header: { "idempotency-key": key } },
          body: {
            national_id: values.national_id ?? "",
            family_name: values.family_name ?? "",
            given_name: values.given_name ?? "",
            password: values.password ?? "",
            ...(values.email ? { email: values.email } : {}),
            ...(values.date_of_birth ? { date_of_birth: values.date_of_birth } : {}),
          },
        }),
      );
      setUsername(person.username);
    } catch (err) {
      if (err instanceof ProblemError) setErrors(serverFieldErrors(err.problem.invalid_params, ""));
      setProblem(err);
    }
  };
  if (username)
    return (
      <Screen title={t("register.done")}>
        <p role="status">{t("register.username", { username })}</p>
        <button type="button" onClick={() => void login(i18n.language, "#/dashboard")}>
          {t("app.login")}
        </button>
      </Screen>
    );
  return (
    <Screen title={t("register.title")}>
      <form onSubmit={submit} noValidate>
        <ProblemBox error={problem} />
        <SchemaFields schema={SCHEMA} values={values} errors={errors} onChange={setValues} idPrefix="reg" />
        <button type="submit">{t("register.submit")}</button>
      </form>
    </Screen>
  );
}
