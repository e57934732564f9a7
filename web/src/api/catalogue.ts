import { api, ok, type Catalogue, type ServiceType } from "./client";

let cached: Promise<Catalogue> | null = null;

/** The published catalogue (public; both languages in one answer), fetched once per page load. */
export function loadCatalogue(): Promise<Catalogue> {
  if (!cached) {
    cached = ok(api.GET("/v1/catalogue"));
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export async function serviceType(code: string): Promise<ServiceType | undefined> {
  return (await loadCatalogue()).service_types.find((s) => s.code === code);
}
