package io.portcullis.identity.pages;

import io.portcullis.config.IdentityConfig;

/** How the pages look, from {@code portcullis.identity.ui}: title, logo and primary colour (validated at load). */
record Branding(String title, String logoUrl, String primaryColor) {
  static Branding of(IdentityConfig.Ui ui) {
    return new Branding(ui.title(), ui.logoUrl(), ui.primaryColor());
  }
}
