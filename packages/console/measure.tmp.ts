import { createApp } from "@elemental/core";
import { createServer } from "@elemental/server";
import { rawS3Client, makeBucket } from "@elemental/storage-s3/testing";
import { chromium } from "playwright-core";
import { consolePlugin, corsRuleFor } from "./src";
import { PutBucketCorsCommand } from "@aws-sdk/client-s3";
async function main() {
  const app = await createApp({ root: "/tmp/w16m" });
  const s3 = { endpoint: process.env.S3_ENDPOINT!, accessKey: process.env.S3_ACCESS_KEY!, secretKey: process.env.S3_SECRET_KEY!, region: "us-east-1" };
  const bucket = JSON.parse(require("fs").readFileSync("/tmp/w16m/storages/Cloud/Cloud.json", "utf8")).bucketName;
  const remove = await makeBucket(rawS3Client(s3), bucket);
  const token = "measure-token";
  const server = await createServer(app, { plugins: [consolePlugin({ token, log: () => {} })] });
  await rawS3Client(s3).send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: corsRuleFor(server.url) } }));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage();
  await page.goto(`${server.url}/console/?token=${token}`);
  const opened = await fetch(`${server.url}/console/?token=${token}`, { redirect: "manual" });
  const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0];
  for (const name of ["storages.Files", "storages.Cloud"]) {
    const st = app.getElement(name);
    const keys = Array.from({ length: 10000 }, (_, i) => `many/${String(i).padStart(5, "0")}.txt`);
    for (let i = 0; i < keys.length; i += 64) await Promise.all(keys.slice(i, i + 64).map((k) => st.uploadByFile(k, "x")));
    for (const pageSize of [200, 1000]) {
      const t = Date.now();
      let n = 0;
      let cursor: string | undefined;
      do {
        const r = await fetch(
          `${server.url}/console/api/storages/${name}/folder?prefix=many/&pageSize=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          { headers: { cookie } },
        );
        const p = (await r.json()) as any;
        n += p.files.length;
        cursor = p.nextCursor;
      } while (cursor);
      console.log(name, `console API: all 10,000 in pages of ${pageSize}:`, (Date.now() - t) / 1000, "s", n);
    }
    // In the browser: open the folder, first page rendered; then every "Load more" until all 10,000 rows are on the page.
    let t = Date.now();
    await page.goto(`${server.url}/console/#/objects/${name}/many/`);
    await page.reload();
    await page.locator("tbody tr").nth(199).waitFor();
    console.log(name, "browser: first 200 rows shown", Date.now() - t, "ms");
    while (await page.locator("text=Load more").count()) {
      await page.click("text=Load more");
      await page.waitForTimeout(0);
      await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length > n, await page.locator("tbody tr").count()).catch(() => {});
    }
    await page.locator("tbody tr").nth(9999).waitFor();
    console.log(name, "browser: all 10,000 rows shown (50 Load more clicks)", (Date.now() - t) / 1000, "s");
    if (name === "storages.Files" || name === "storages.Cloud") {
      t = Date.now();
      await page.goto(`${server.url}/console/#/objects/${name}`);
      await page.reload();
      await page.setInputFiles("#files", ["/tmp/w16m/big.bin"]);
      await page.locator('.tasks li[data-status="done"]').waitFor({ timeout: 300000 });
      console.log(name, "browser upload 300 MiB:", (Date.now() - t) / 1000, "s");
      await st.delete("big.bin");
      t = Date.now();
      await st.uploadByPath("big.bin", "/tmp/w16m/big.bin");
      console.log(name, "uploadByPath (elemental put) 300 MiB:", (Date.now() - t) / 1000, "s");
      await st.delete("big.bin");
    }
    for (let i = 0; i < keys.length; i += 1000) await st.deleteMany(keys.slice(i, i + 1000));
  }
  await browser.close();
  await server.close();
  await remove();
  await app.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
