// A bare Remix 2 app (a root and one route), built and served by remix-serve beside the app in `npm run bench`
// (issue 18): the page every other page's cost is compared with. BARE_REMIX_OUT names the folder it builds into.
const out = process.env.BARE_REMIX_OUT ?? "build";
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  assetsBuildDirectory: `${out}/public/build`,
  serverBuildPath: `${out}/build/index.js`,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
