import type { Mnemonic } from './mnemonics';

/** A label with its access key underlined (the accessible name stays the plain text). */
export function MnemonicLabel({ m }: { m: Mnemonic }) {
  if (m.index < 0) return <>{m.text}</>;
  return <>{m.text.slice(0, m.index)}<u className="mnemonic">{m.text[m.index]}</u>{m.text.slice(m.index + 1)}</>;
}
