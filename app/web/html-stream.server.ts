import { Transform, Writable } from "node:stream";

/** The size of the views React 18's renderToPipeableStream writes its HTML into (`VIEW_SIZE` in react-dom-server.node). */
export const REACT_VIEW_SIZE = 2048;

/**
 * What React's renderToPipeableStream is piped into (app/entry.server.tsx): its bytes, less the NUL padding
 * React 18.3 leaves in them (issue 12 · 25).
 *
 * React 18.3 encodes text into a 2048-byte view with TextEncoder.encodeInto. When the next character does not
 * fit in the view's last bytes (a Chinese character takes 3), it sends the whole view all the same, the 1 to 3
 * bytes it never wrote still zero, and goes on in a new view: "单元\0的" in a page, at a 2048-byte boundary of
 * React's output. facebook/react#26228 (sending only the bytes written) is in React 19, not in 18.3.1.
 *
 * So a chunk of exactly one view that ends in zero bytes loses them. A view React filled itself ends in a
 * zero byte only where the page's own text had a NUL just there, which HTML has no use for (the parser drops
 * or replaces it). Every other chunk passes as it is; nothing is buffered, so streaming is unchanged.
 */
export function reactHtmlStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.length === REACT_VIEW_SIZE ? withoutViewPadding(chunk) : chunk);
    },
  });
}

/** The view without its unwritten tail: at most 3 zero bytes (a 4-byte character that did not fit). */
export function withoutViewPadding(view: Buffer): Buffer {
  let end = view.length;
  while (end > view.length - 3 && view[end - 1] === 0) end--;
  return end === view.length ? view : view.subarray(0, end);
}

/**
 * Where React's renderToPipeableStream writes a whole page (app/entry.server.tsx): its chunks, less React's NUL
 * padding as above, joined into one buffer when React ends the stream (issue 18: the page is compressed at once).
 */
export function htmlCollector(): { sink: Writable; html: Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let sink!: Writable;
  const html = new Promise<Buffer>((resolve, reject) => {
    sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.length === REACT_VIEW_SIZE ? withoutViewPadding(chunk) : chunk);
        done();
      },
      final(done) {
        resolve(Buffer.concat(chunks));
        done();
      },
      destroy(error, done) {
        if (error) reject(error);
        done(error);
      },
    });
  });
  return { sink, html };
}
