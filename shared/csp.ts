// The renderer's Content-Security-Policy. renderer/index.html carries the same policy in its meta
// tag (a unit test keeps the two equal); the hosts add it as a header too, with frame-ancestors,
// which only a header can carry.
export const RENDERER_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
