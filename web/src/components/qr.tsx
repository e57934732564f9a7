import qrcode from "qrcode-generator";
import { useEffect, useRef, useState } from "preact/hooks";
import { useI18n, type MessageKey } from "../i18n/i18n";

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

/** What reads a QR code from one video frame: the browser's BarcodeDetector or jsQR. */
interface FrameReader {
  read(video: HTMLVideoElement, preview: HTMLCanvasElement): Promise<string | null>;
}

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

/** Draws the frame on the preview canvas and returns its pixels. */
function drawFrame(video: HTMLVideoElement, preview: HTMLCanvasElement): ImageData | null {
  const w = video.videoWidth;
  const h = video.videoHeight;
  const g = preview.getContext("2d", { willReadFrequently: true });
  if (!w || !h || !g) return null;
  if (preview.width !== w || preview.height !== h) {
    preview.width = w;
    preview.height = h;
  }
  g.drawImage(video, 0, 0, w, h);
  return g.getImageData(0, 0, w, h);
}

/** The browser's own QR reader where it has one (Chrome on Android and macOS, Safari); else
 * jsQR, loaded only then (Chromium on Linux and Windows has no BarcodeDetector). */
async function frameReader(): Promise<FrameReader> {
  const Native = (window as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  const formats = Native ? await Native.getSupportedFormats().catch(() => [] as string[]) : [];
  if (Native && formats.includes("qr_code")) {
    const detector = new Native({ formats: ["qr_code"] });
    return {
      async read(video, preview) {
        drawFrame(video, preview);
        const [found] = await detector.detect(video);
        return found?.rawValue || null;
      },
    };
  }
  const { default: jsQR } = await import("jsqr");
  return {
    async read(video, preview) {
      const frame = drawFrame(video, preview);
      if (!frame) return null;
      return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" })?.data || null;
    },
  };
}

function cameraProblem(error: unknown): MessageKey {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "verify.cameraDenied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "verify.noCamera";
  return "verify.cameraUnavailable";
}

/** "Scan the QR code": the camera's picture is shown while frames are read; ``onText`` gets the
 * code's text once one is found, and the camera is switched off again. */
export function QrScanner({ onText }: { onText: (text: string) => void }) {
  const { t } = useI18n();
  const preview = useRef<HTMLCanvasElement>(null);
  const [scanning, setScanning] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const stopRef = useRef<() => void>(() => undefined);
  useEffect(() => () => stopRef.current(), []);

  const start = async () => {
    setProblem(null);
    let stream: MediaStream;
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException("no camera API", "NotSupportedError");
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      setProblem(cameraProblem(e));
      return;
    }
    const video = document.createElement("video"); // shown through the canvas, never as a <video>
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    let running = true;
    let timer = 0;
    stopRef.current = () => {
      running = false;
      window.clearTimeout(timer);
      stream.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
      setScanning(false);
    };
    setScanning(true);
    try {
      await video.play();
      const reader = await frameReader();
      const tick = async () => {
        if (!running || !preview.current) return;
        const text = await reader.read(video, preview.current).catch(() => null);
        if (text && running) {
          stopRef.current();
          onText(text.trim());
          return;
        }
        timer = window.setTimeout(() => void tick(), 150);
      };
      await tick();
    } catch (e) {
      stopRef.current();
      setProblem(cameraProblem(e));
    }
  };

  return (
    <div class="qr-scanner">
      {scanning ? (
        <button type="button" class="secondary" onClick={() => stopRef.current()}>
          {t("verify.scanStop")}
        </button>
      ) : (
        <button type="button" class="secondary" onClick={() => void start()}>
          {t("verify.scan")}
        </button>
      )}
      <p role="status" aria-live="polite" class="meta">
        {scanning ? t("verify.scanning") : ""}
      </p>
      <canvas
        ref={preview}
        class="qr-preview"
        style={{ display: scanning ? "block" : "none", width: "100%", maxWidth: "20rem", height: "auto" }}
        role="img" aria-label={t("verify.scanPreview")}
      />
      {problem ? (
        <p class="problem" role="alert">
          {t(problem)}
        </p>
      ) : null}
    </div>
  );
}
