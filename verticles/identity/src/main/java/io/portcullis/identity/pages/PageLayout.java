package io.portcullis.identity.pages;

/**
 * The document around every page: language, title, the small inline stylesheet (no external fetches), the header with
 * logo and title, and a navigation line. Plain HTML that works without JavaScript.
 */
final class PageLayout {
  private static final String CSS = """
      :root{--primary:%s;--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--error:#b42318;--ok:#067647}
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
      header{display:flex;align-items:center;gap:.75rem;padding:1rem 1.5rem;background:var(--card);border-bottom:1px solid #d0d7de}
      header img{height:2rem}
      header .brand{font-weight:600;font-size:1.1rem;color:var(--fg);text-decoration:none}
      main{max-width:28rem;margin:2rem auto;padding:2rem;background:var(--card);border:1px solid #d0d7de;border-radius:.5rem}
      h1{font-size:1.5rem;margin:0 0 1.25rem}
      h2{font-size:1.1rem;margin:1.5rem 0 .75rem}
      .field{margin:0 0 1rem}
      label{display:block;font-weight:500;margin:0 0 .25rem}
      label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
      input[type=text],input[type=email],input[type=password],input[type=number],input[type=tel],input[type=url],input[type=date],input[type=datetime-local]{width:100%%;padding:.55rem .7rem;font:inherit;border:1px solid #8c959f;border-radius:.375rem}
      input:focus,button:focus,a:focus{outline:3px solid var(--primary);outline-offset:2px}
      input[aria-invalid=true]{border-color:var(--error)}
      button{display:inline-block;width:100%%;padding:.6rem 1rem;font:inherit;font-weight:600;color:#fff;background:var(--primary);border:0;border-radius:.375rem;cursor:pointer}
      button.secondary{width:auto;background:#fff;color:var(--primary);border:1px solid var(--primary)}
      a{color:var(--primary)}
      .msg{margin:.25rem 0 0;font-size:.95rem}
      .msg.error{color:var(--error)}
      .msg.success{color:var(--ok)}
      .alert{padding:.75rem 1rem;margin:0 0 1rem;border-radius:.375rem;background:#fef3f2;color:var(--error);border:1px solid #fecdca}
      .alert.info,.alert.success{background:#ecfdf3;color:var(--ok);border-color:#abefc6}
      nav{margin-top:1.5rem;font-size:.95rem;color:var(--muted)}
      nav a{margin-right:1rem}
      dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
      dt{color:var(--muted)}
      dd{margin:0;word-break:break-word}
      ul.sessions{list-style:none;padding:0;margin:0 0 1rem}
      ul.sessions li{padding:.5rem 0;border-bottom:1px solid #eaeef2}
      .muted{color:var(--muted);font-size:.9rem}
      section.group{margin:0 0 1.5rem}
      """;
  private final Branding branding;

  PageLayout(Branding branding) {
    this.branding = branding;
  }

  /** A whole page; {@code body} is HTML already escaped by the caller. */
  String page(Translations.Texts texts, String title, String homeUrl, String body) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"").append(Html.esc(texts.language())).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<title>").append(Html.esc(title)).append(" – ").append(Html.esc(branding.title()))
        .append("</title>\n<style>").append(CSS.formatted(branding.primaryColor())).append("</style>\n</head>\n<body>\n")
        .append("<header>");
    if (!branding.logoUrl().isEmpty()) {
      h.append("<img src=\"").append(Html.url(branding.logoUrl())).append("\" alt=\"\">");
    }
    h.append("<a class=\"brand\" href=\"").append(Html.url(homeUrl)).append("\">").append(Html.esc(branding.title()))
        .append("</a></header>\n<main>\n<h1>").append(Html.esc(title)).append("</h1>\n").append(body)
        .append("</main>\n</body>\n</html>\n");
    return h.toString();
  }
}
