// noVNC ships ESM without types; its package "exports" only the RFB class (core/rfb.js), so the
// import path is '@novnc/novnc'. Reuse the DefinitelyTyped declarations (written for the old
// CommonJS path '@novnc/novnc/lib/rfb').
/// <reference types="novnc__novnc" />

declare module '@novnc/novnc' {
  import RFB from '@novnc/novnc/lib/rfb';
  export default RFB;
}
