// Opens a report HTML file in headless Chromium at each width, and prints as JSON what
// tests/test_browser.py asserts: page overflow, body font size, landmarks, in-page links,
// alt text against captions, and axe-core's WCAG 2.2 AA violations. Screenshots go to
// the folder given. Usage: node check.js REPORT.html OUT_DIR [CHROMIUM]
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

async function main() {
  const [html, out, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const results = {};
  try {
    for (const width of [390, 1280]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      await page.goto("file://" + path.resolve(html), { waitUntil: "load" });
      const layout = await page.evaluate(() => {
        const doc = document.documentElement;
        const wide = [...document.querySelectorAll("body *")]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            if (r.right <= doc.clientWidth + 1) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {
              const style = getComputedStyle(p);
              if (["auto", "scroll", "hidden"].includes(style.overflowX)) return false;
            }
            return true;
          })
          .slice(0, 5)
          .map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
        const links = [...document.querySelectorAll('nav a[href^="#"]')].map((a) => a.getAttribute("href"));
        return {
          scrollWidth: doc.scrollWidth,
          clientWidth: doc.clientWidth,
          wide,
          bodyFont: getComputedStyle(document.body).fontSize,
          paragraphFont: getComputedStyle(document.querySelector("p.finding") || document.body).fontSize,
          main: document.querySelectorAll("main").length,
          links,
          missing: links.filter((h) => !document.getElementById(decodeURIComponent(h.slice(1)))),
          figures: [...document.querySelectorAll("figure")].map((f) => ({
            alt: (f.querySelector("img") || {}).alt || "",
            caption: (f.querySelector("figcaption") || {}).textContent || "",
          })),
        };
      });
      await page.addScriptTag({ content: axe });
      const axeResult = await page.evaluate(async () => {
        const r = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        }));
      });
      if (out) {
        await page.screenshot({ path: path.join(out, `report-${width}.png`), fullPage: false });
        for (const part of ["section.summary", "section.indicator", "section.appendix"]) {
          const element = await page.$(part);
          if (element) {
            const name = part.split(".")[1];
            await element.screenshot({ path: path.join(out, `report-${width}-${name}.png`) });
          }
        }
      }
      results[width] = { ...layout, violations: axeResult };
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + "\n");
  process.exit(1);
});
