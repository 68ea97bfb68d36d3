// Object references as the server sends them. Two tests, on purpose: `isRef` accepts any
// non-empty string but the null ref (what a field that should hold a ref holds; the simulator and
// tests use short refs too), `isOpaqueRef` also wants the "OpaqueRef:" prefix (text a person typed,
// a value of unknown kind).

/** The null reference: a ref field that points nowhere. */
export const NULL_REF = 'OpaqueRef:NULL';

/** A ref field's value that points somewhere: a non-empty string, not the null ref. */
export const isRef = (v: unknown): v is string => typeof v === 'string' && v !== '' && v !== NULL_REF;

/** A string shaped like an opaque reference ("OpaqueRef:…"), the null ref included. */
export const looksLikeOpaqueRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith('OpaqueRef:');

/** An "OpaqueRef:…" string that is not the null ref. */
export const isOpaqueRef = (v: unknown): v is string => looksLikeOpaqueRef(v) && v !== NULL_REF;

/** The refs of a ref-set field (anything else in it, or a field that is no array, dropped). */
export const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isRef) : []);
