package io.portcullis.pipeline;

import io.portcullis.rules.template.Template;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.RequestTemplate;

/** A {@link RequestTemplate} backed by the rules module's Go-template engine; constants skip rendering. */
final class CompiledTemplate implements RequestTemplate {
  private final Template template;
  private final String constant;

  CompiledTemplate(Template template) {
    this.template = template;
    this.constant = template.isConstant() ? template.render(null) : null;
  }

  @Override
  public String render(AccessRequest request, AuthSession session) {
    return constant != null ? constant : template.render(new TemplateData(request, session));
  }
}
