// Issue 12 · 25: React 18.3's renderToPipeableStream pads a 2048-byte view with NUL bytes where the next
// character does not fit in it; reactHtmlStream (what app/entry.server.tsx pipes React into) drops them.
import { PassThrough, type Transform } from "node:stream";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { REACT_VIEW_SIZE, reactHtmlStream, withoutViewPadding } from "~/web/html-stream.server";

/** A page of short Chinese texts, shifted by `shift` ASCII bytes: 3-byte characters meet every view boundary. */
function Page({ shift }: { shift: number }) {
  return (
    <main>
      <p>{"x".repeat(shift)}</p>
      <ul>
        {Array.from({ length: 400 }, (_, i) => (
          <li key={i} aria-label={`回执哈希 ${i}`}>
            按决议更换 {i} 个单元的门禁为刷卡加人脸识别{i % 7 === 0 ? "，需社区协调供应商🏠" : ""}
          </li>
        ))}
      </ul>
    </main>
  );
}

function render(element: JSX.Element, into: Transform): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    into.on("data", (c: Buffer) => chunks.push(c));
    into.on("end", () => resolve(Buffer.concat(chunks)));
    into.on("error", reject);
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(into), onError: reject });
  });
}

describe("issue 12 · 25: no NUL byte in a rendered page", () => {
  it("React 18.3 alone pads its views with NUL bytes (the bug this works around)", async () => {
    let padded = 0;
    for (let shift = 0; shift < 4; shift++) if ((await render(<Page shift={shift} />, new PassThrough())).includes(0)) padded++;
    // When this fails, React sends only the bytes it wrote (facebook/react#26228, React 19): reactHtmlStream can go.
    expect(padded).toBeGreaterThan(0);
  });

  it("through reactHtmlStream, the page is React's markup byte for byte: no NUL, valid UTF-8", async () => {
    for (let shift = 0; shift < 4; shift++) {
      const bytes = await render(<Page shift={shift} />, reactHtmlStream());
      expect(bytes.indexOf(0), `shift ${shift}`).toBe(-1);
      const html = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      expect(html).toBe(renderToString(<Page shift={shift} />));
    }
  });

  it("drops at most 3 zero bytes, only from a whole view", () => {
    const view = Buffer.alloc(REACT_VIEW_SIZE, 0x61);
    expect(withoutViewPadding(view)).toBe(view);
    view.fill(0, REACT_VIEW_SIZE - 2);
    expect(withoutViewPadding(view).length).toBe(REACT_VIEW_SIZE - 2);
    view.fill(0, REACT_VIEW_SIZE - 5);
    expect(withoutViewPadding(view).length).toBe(REACT_VIEW_SIZE - 3);
  });
});
