// What Okta's Test API Credentials sends (a constant count=2), shared by the Okta module and the
// credential test without pulling either into the other's bundle.
export const OKTA_TEST_PATH = '/Users?startIndex=1&count=2';
