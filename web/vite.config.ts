import { defineConfig } from "vite";

// Served by the gateway as static files under /portal/ (same origin as /v1: no CORS).
export default defineConfig({
  base: "/portal/",
  build: { outDir: "dist", sourcemap: false, target: "es2022" },
  server: { proxy: { "/v1": "http://127.0.0.1:8000" } },
});
