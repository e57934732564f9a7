// Uploads go through XMLHttpRequest because fetch cannot report upload progress.
import { idempotencyKey, ProblemError, type Schemas } from "./client";
import type { paths } from "./schema";

export type Uploaded = Schemas["documents_UploadDocumentResponse"];
type Multipart = NonNullable<
  paths["/v1/documents"]["post"]["requestBody"]
>["content"]["multipart/form-data"];
/** The form fields of an upload as the contract names them (the file is added separately). */
export type UploadFields = Omit<Multipart, "file">;

/** POST /v1/documents (multipart), reporting progress from 0 to 1. */
export function uploadDocument(
  file: File,
  fields: UploadFields,
  token: string | null,
  language: string,
  onProgress: (fraction: number) => void,
): Promise<Uploaded> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (typeof v === "string" && v) form.append(k, v);
  form.append("file", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${window.location.origin}/v1/documents`);
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Idempotency-Key", idempotencyKey());
    xhr.setRequestHeader("Accept-Language", language);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ProblemError({ type: "about:blank", title: "", status: 0, detail: "" }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as Uploaded);
      } else {
        const problem =
          body && typeof body === "object" && "title" in body
            ? (body as Schemas["ProblemDetails"])
            : { type: "about:blank", title: "", status: xhr.status, detail: "" };
        reject(new ProblemError(problem));
      }
    };
    xhr.send(form);
  });
}
