import qrcode from "qrcode-generator";
import { useI18n } from "../i18n/i18n";

/** A QR code of ``payload`` drawn as SVG squares (no canvas, no innerHTML). */
export function QrCode({ payload, label }: { payload: string; label: string }) {
  const { t } = useI18n();
  let qr: ReturnType<typeof qrcode>;
  try {
    qr = qrcode(0, "L");
    qr.addData(payload, "Byte");
    qr.make();
  } catch {
    return <p role="status">{t("wallet.qrTooLong")}</p>;
  }
  const n = qr.getModuleCount();
  const cells: string[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) cells.push(`M${c + 4} ${r + 4}h1v1h-1z`);
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`0 0 ${n + 8} ${n + 8}`} shape-rendering="crispEdges">
      <rect width={n + 8} height={n + 8} fill="#fff" />
      <path d={cells.join("")} fill="#000" />
    </svg>
  );
}
