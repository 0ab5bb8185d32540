package io.portcullis.plugins.builtin.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fosite's scope strategies, case by case from its own tests. */
class ScopeStrategyTest {
  static boolean grants(ScopeStrategy s, String required, String... granted) {
    return s.grants(List.of(granted), required);
  }

  @Test
  void hierarchic() {
    ScopeStrategy s = ScopeStrategy.HIERARCHIC;
    assertThat(grants(s, "foo.bar", "foo")).isTrue();
    assertThat(grants(s, "foo.bar.baz", "foo")).isTrue();
    assertThat(grants(s, "foo", "foo")).isTrue();
    assertThat(grants(s, "foo", "foo.bar")).isFalse();
    assertThat(grants(s, "foobar", "foo")).isFalse();
    assertThat(grants(s, "foo.baz", "foo.bar")).isFalse();
    assertThat(grants(s, "bar", "foo", "bar")).isTrue();
    assertThat(grants(s, "foo")).isFalse();
  }

  @Test
  void exact() {
    assertThat(grants(ScopeStrategy.EXACT, "foo", "foo")).isTrue();
    assertThat(grants(ScopeStrategy.EXACT, "foo.bar", "foo")).isFalse();
    assertThat(grants(ScopeStrategy.EXACT, "foo", "foo.bar")).isFalse();
  }

  @Test
  void wildcard() {
    ScopeStrategy s = ScopeStrategy.WILDCARD;
    assertThat(grants(s, "foo.bar", "foo.*")).isTrue();
    assertThat(grants(s, "foo.bar.baz", "foo.*")).isTrue();
    assertThat(grants(s, "foo", "foo.*")).isFalse();
    assertThat(grants(s, "foo.bar", "*")).isTrue();
    assertThat(grants(s, "foo.bar.baz", "foo.*.baz")).isTrue();
    assertThat(grants(s, "foo.bar.baz", "foo.*.bar")).isFalse();
    assertThat(grants(s, "foo.bar", "foo.bar.*")).isFalse();
    assertThat(grants(s, "foo.", "foo.*")).isFalse();
    assertThat(grants(s, "fo.bar", "foo.bar")).isFalse();
    assertThat(grants(s, "foo.bar", "foo.bar")).isTrue();
  }

  @Test
  void noneGrantsNothingItself() {
    assertThat(grants(ScopeStrategy.NONE, "foo", "foo")).isFalse();
  }
}
