import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ProblemError, type Problem } from "../api/client";
import { useI18n, type MessageKey } from "../i18n/i18n";

/** The problem document of an error, whatever threw it. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { type: "about:blank", title: "", status: 0, detail: String(error) };
}

/** An API error as people read it: the problem's title and detail, never a bare status. */
export function ProblemBox({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const problem = problemOf(error);
  const title = problem.title || (problem.status === 0 ? t("error.network") : t("error.generic"));
  return (
    <div class="problem" role="alert">
      <strong>{title}</strong>
      {problem.detail && problem.detail !== title ? <p>{problem.detail}</p> : null}
    </div>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

/** Runs ``load`` when ``deps`` change; keeps its result, its error and a reload function. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => live && (setData(value), setError(null)))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload, set: setData };
}

/** Loading text, the problem, or the content once loaded. */
export function Loading<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  if (state.error) return <ProblemBox error={state.error} />;
  if (state.data === undefined) return <p aria-busy="true">{t("common.loading")}</p>;
  return <>{children(state.data)}</>;
}

/** One screen: its heading (focused on arrival, for screen readers) and content. */
export function Screen({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · OneWindow`;
    document.getElementById("screen-title")?.focus();
  }, [title]);
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

/** The message of ``prefix.code`` when the message files have one, else the code itself. */
export function known(t: (key: MessageKey) => string, prefix: string, code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}

/** A button that runs an async action once at a time and shows its problem. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  run: (action: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
