// A long hash shown short: its first characters in a read-only field that holds the whole of it (selectable
// and copyable by hand without script), and once the page runs script, a button that copies it.
import { useEffect, useRef, useState } from "react";
import { useT } from "~/i18n";

export function Hash({ value, label }: { value: string; label: string }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [scripted, setScripted] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setScripted(true), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API (an older browser, or not allowed): select the text and copy the old way.
      input.current?.select();
      document.execCommand("copy");
    }
    setCopied(true);
  };
  return (
    <span className="hash-box">
      <input ref={input} readOnly value={value} aria-label={label} title={value} onFocus={(e) => e.currentTarget.select()} size={13} />
      {scripted ? (
        <button type="button" className="secondary" onClick={copy} aria-label={`${t("hash.copy")} ${label}`}>
          {copied ? t("hash.copied") : t("hash.copy")}
        </button>
      ) : null}
    </span>
  );
}
