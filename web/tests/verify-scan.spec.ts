// The public verification page scans a certificate's QR code with the camera. A real
// certificate is issued through the gateway (a citizen applies, a health clerk approves), the
// citizen's wallet shows its QR code, and a screenshot of that QR code becomes the picture of
// Chromium's fake camera (a Y4M file written here from the screenshot's pixels). A fresh browser
// with that camera opens the public page, presses "scan", and sees the verdict. The same page
// shows the gateway's problem title in the page's language.
import { chromium, expect, test, type Page } from "@playwright/test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, clerk, fileBirthCase, GATEWAY, loginThroughRealm, staffSteps, type Person } from "./support";

const FRAME = { width: 1280, height: 720 };

/** A birth medical certificate issued to ``applicant`` (applied for and approved through the
 * gateway); its case number. */
async function issueCertificate(applicant: Person, staff: Person): Promise<string> {
  const filed = await fileBirthCase(applicant, "王小明");
  await staffSteps(staff, filed.id, [
    { path: "claim" },
    { path: "transitions", data: { to_status: "accepted" } },
    { path: "transitions", data: { to_status: "in_review" } },
    { path: "decision", data: { outcome: "approved", reason: "材料齐全" } },
  ]);
  return filed.number;
}

/** The wallet's QR code of the certificate of ``caseNumber``, as the citizen's screen shows it. */
async function walletQrPng(page: Page, applicant: Person, caseNumber: string): Promise<Buffer> {
  await page.goto("./");
  await page.getByRole("button", { name: t["app.login"] }).first().click();
  await loginThroughRealm(page, applicant);
  const item = page.locator(".wallet-item", { hasText: caseNumber }).filter({ hasText: t["wallet.certificate"] });
  await expect(async () => {
    await page.getByRole("link", { name: t["nav.dashboard"], exact: true }).click();
    await page.getByRole("link", { name: t["nav.wallet"], exact: true }).click();
    await expect(item).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 }); // the certificate is issued from the decision event
  await item.getByRole("button", { name: t["wallet.showQr"] }).click();
  return item.getByRole("img").screenshot();
}

/** One Y4M (YUV 4:2:0) frame, the PNG centred on white and scaled to fit, drawn by the browser
 * (no image library needed): Chromium's fake camera plays it in a loop. */
async function y4mFrame(page: Page, png: Buffer): Promise<Buffer> {
  const luma = await page.evaluate(
    async ({ b64, width, height }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, width, height);
      g.imageSmoothingEnabled = false;
      const side = Math.floor(height * 0.95);
      g.drawImage(image, (width - side) / 2, (height - side) / 2, side, side);
      const rgba = g.getImageData(0, 0, width, height).data;
      const y = new Uint8Array(width * height);
      for (let i = 0; i < y.length; i++) {
        y[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
      }
      let text = "";
      for (let i = 0; i < y.length; i += 0x8000) text += String.fromCharCode(...y.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { b64: png.toString("base64"), ...FRAME },
  );
  const header = `YUV4MPEG2 W${FRAME.width} H${FRAME.height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`;
  const chroma = Buffer.alloc((FRAME.width / 2) * (FRAME.height / 2) * 2, 128); // no colour
  return Buffer.concat([Buffer.from(header, "ascii"), Buffer.from(luma, "base64"), chroma]);
}

test("scan a certificate's QR code with the camera on the public page", async ({ browser }, info) => {
  const [applicant, staff] = await Promise.all([citizen(), clerk()]);
  const caseNumber = await issueCertificate(applicant, staff);

  // a browser without a camera: the page says why it cannot scan instead of failing silently
  const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
  const noCamera = await plain.newPage();
  await noCamera.goto("./#/verify");
  await noCamera.getByRole("button", { name: t["verify.scan"] }).click();
  await expect(noCamera.getByRole("alert")).toHaveText(
    new RegExp(`^(${[t["verify.cameraDenied"], t["verify.noCamera"]].join("|")})$`),
  );
  // the gateway's problem for an empty file, titled in the page's language (zh-CN)
  await noCamera.getByLabel(t["verify.file"]).setInputFiles({ name: "empty.jws", mimeType: "application/octet-stream", buffer: Buffer.alloc(0) });
  await noCamera.getByRole("button", { name: t["verify.check"] }).click();
  const problem = noCamera.locator("div.problem[role=alert]");
  await expect(problem.locator("strong")).toHaveText("请求内容有误");
  await expect(problem.locator("p")).toHaveText("file：为空");

  const png = await walletQrPng(noCamera, applicant, caseNumber);
  // a folder of its own: the shared test-results folder is emptied by any other Playwright run
  const folder = mkdtempSync(join(tmpdir(), "onewindow-camera-"));
  const video = join(folder, "certificate-qr.y4m");
  writeFileSync(video, await y4mFrame(noCamera, png));
  await plain.close();

  const withCamera = await chromium.launch({
    executablePath: info.project.use.launchOptions?.executablePath,
    args: [
      "--no-sandbox", "--disable-dev-shm-usage",
      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await withCamera.newContext({ viewport: { width: 360, height: 780 }, baseURL: `${GATEWAY}/portal/` });
    await context.grantPermissions(["camera"]);
    const page = await context.newPage();
    await page.goto("./#/verify");
    await page.getByRole("button", { name: t["verify.scan"] }).click();
    await expect(page.getByRole("heading", { name: t["verify.valid"] })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".verdict")).toContainText(caseNumber);
    await expect(page.getByLabel(t["verify.text"])).toHaveValue(/^[\w-]+\.[\w-]*\.[\w-]+$/); // the compact JWS
    await expect(page.getByRole("button", { name: t["verify.scan"] })).toBeVisible(); // camera off again
    await screen(page, "zh-CN-40-verify-scanned");
  } finally {
    await withCamera.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
