// A form generated from a service type's JSON Schema (the subset the catalogue uses: an object
// of strings, numbers, integers and booleans with enum, pattern, length, range and date format).
import { useI18n, type I18n } from "../i18n/i18n";

export interface FieldSchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: (string | number)[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface FormSchema {
  type?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

export function parseSchema(json: string): FormSchema {
  try {
    const schema = JSON.parse(json) as FormSchema;
    return schema && typeof schema === "object" ? schema : {};
  } catch {
    return {};
  }
}

/** The schema's message for one field, or "" when the value is acceptable. */
function checkField(i18n: I18n, field: FieldSchema, value: string, required: boolean): string {
  const { t } = i18n;
  if (value === "") return required ? t("form.required") : "";
  if (field.enum && !field.enum.map(String).includes(value)) return t("form.enum");
  if (field.type === "integer" || field.type === "number") {
    const n = Number(value);
    if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n)))
      return t("form.number");
    if (field.minimum !== undefined && n < field.minimum) return t("form.minimum", { min: field.minimum });
    if (field.maximum !== undefined && n > field.maximum) return t("form.maximum", { max: field.maximum });
    return "";
  }
  if (field.minLength !== undefined && value.length < field.minLength)
    return t("form.minLength", { min: field.minLength });
  if (field.maxLength !== undefined && value.length > field.maxLength)
    return t("form.maxLength", { max: field.maxLength });
  if (field.format === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return t("form.date");
  if (field.pattern && !new RegExp(field.pattern, "u").test(value)) return t("form.pattern");
  return "";
}

/** Every field's message under the schema (empty when the form may be sent). */
export function validate(i18n: I18n, schema: FormSchema, values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const message = checkField(i18n, field, values[name] ?? "", required.has(name));
    if (message) errors[name] = message;
  }
  return errors;
}

/** The JSON the gateway expects: numbers as numbers, booleans as booleans, empty left out. */
export function toPayload(schema: FormSchema, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const value = values[name] ?? "";
    if (value === "") continue;
    if (field.type === "integer" || field.type === "number") out[name] = Number(value);
    else if (field.type === "boolean") out[name] = value === "true";
    else out[name] = value;
  }
  return out;
}

function label(i18n: I18n, name: string, field: FieldSchema): string {
  const key = `field.${name}` as Parameters<I18n["t"]>[0];
  const known = i18n.t(key);
  return known !== key ? known : field.title || name;
}

function optionText(t: I18n["t"], value: string): string {
  const key = `option.${value}` as Parameters<I18n["t"]>[0];
  const text = t(key);
  return text === key ? value : text;
}

function Input({
  id,
  name,
  field,
  value,
  required,
  describedBy,
  invalid,
  onInput,
}: {
  id: string;
  name: string;
  field: FieldSchema;
  value: string;
  required: boolean;
  describedBy: string | undefined;
  invalid: boolean;
  onInput: (v: string) => void;
}) {
  const { t } = useI18n();
  const common = {
    id,
    name,
    required,
    "aria-invalid": invalid,
    "aria-describedby": describedBy,
  };
  if (field.enum || field.type === "boolean") {
    const options = field.enum ?? ["true", "false"];
    return (
      <select {...common} value={value} onChange={(e) => onInput(e.currentTarget.value)}>
        <option value="">{t("form.choose")}</option>
        {options.map((o) => (
          <option value={String(o)}>{optionText(t, String(o))}</option>
        ))}
      </select>
    );
  }
  const formats: Partial<Record<string, "date" | "password" | "email">> = { date: "date", password: "password", email: "email" };
  const type =
    formats[field.format ?? ""] ?? (field.type === "integer" || field.type === "number" ? ("number" as const) : ("text" as const));
  return (
    <input
      {...common}
      // one union member is enough for the checker; every member is a text-like input
      type={type as "text"}
      value={value}
      maxLength={field.maxLength}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}

/** The fields of ``schema``; each shows its schema message or the gateway's invalid_params. */
export function SchemaFields({
  schema,
  values,
  errors,
  onChange,
  idPrefix = "f",
}: {
  schema: FormSchema;
  values: FormValues;
  errors: FieldErrors;
  onChange: (values: FormValues) => void;
  idPrefix?: string;
}) {
  const i18n = useI18n();
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, field]) => {
        const id = `${idPrefix}-${name}`;
        const error = errors[name];
        return (
          <div class={`field${error ? " invalid" : ""}`}>
            <label for={id}>
              {label(i18n, name, field)}
              {required.has(name) ? <span aria-hidden="true"> *</span> : null}
            </label>
            <Input
              id={id}
              name={name}
              field={field}
              value={values[name] ?? ""}
              required={required.has(name)}
              invalid={Boolean(error)}
              describedBy={error ? `${id}-error` : undefined}
              onInput={(v) => onChange({ ...values, [name]: v })}
            />
            {error ? (
              <p class="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** The gateway's invalid_params by form field ("form.child_name" → "child_name"). */
export function serverFieldErrors(
  params: { name: string; reason: string }[] | undefined,
  prefix = "form.",
): FieldErrors {
  const out: FieldErrors = {};
  for (const p of params ?? []) {
    const name = p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name;
    out[name] = out[name] ? `${out[name]}; ${p.reason}` : p.reason;
  }
  return out;
}
