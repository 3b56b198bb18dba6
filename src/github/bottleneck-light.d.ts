/**
 * Bottleneck's light build (no Redis clustering), the one @octokit/plugin-retry and
 * @octokit/plugin-throttling load; the package declares types for its full entry only, which are the same.
 */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
