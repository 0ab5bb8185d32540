package io.portcullis.quickstart;

/** Every port the quickstart listens on, so files, banner and test agree on them. */
record Ports(int proxy, int api, int metrics, int upstream, int identity, int identityAdmin) {
  String proxyUrl() {
    return "http://127.0.0.1:" + proxy;
  }

  String identityUrl() {
    return "http://127.0.0.1:" + identity;
  }

  String identityAdminUrl() {
    return "http://127.0.0.1:" + identityAdmin;
  }
}
