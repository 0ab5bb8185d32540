package io.portcullis.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateErrorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
      "{{ uper .Subject }} => unknown function \"uper\" at column 4",
      "{{ .Subject | uper }} => unknown function \"uper\" at column 15",
      "{{ .Subject => unclosed action at column 1",
      "x {{ }} => missing value for command at column 6",
      "{{ .A | }} => missing value for command at column 9",
      "{{ upper }} => function \"upper\" takes 1 argument, got 0 at column 4",
      "{{ .A | upper .B }} => function \"upper\" takes 1 argument, got 2 at column 9",
      "{{ printIndex .A }} => function \"printIndex\" takes 2 arguments, got 1 at column 4",
      "{{ replace \"a\" }} => function \"replace\" takes 3 arguments, got 1 at column 4",
      "{{ default }} => function \"default\" takes 1 to 2 arguments, got 0 at column 4",
      "{{ \"abc }} => unterminated quoted string at column 4",
      "{{ `abc }} => unterminated raw string at column 4",
      "{{ \"a\\qb\" }} => unknown escape sequence \\q at column 6",
      "{{ 1.5 }} => bad number syntax (only integers are supported) at column 4",
      "{{ if .A }}x{{ end }} => \"if\" actions are not supported at column 4",
      "{{ range .A }}{{ end }} => \"range\" actions are not supported at column 4",
      "{{ $x := 1 }} => variables are not supported at column 4",
      "{{ .A ) }} => unexpected \")\" at column 7",
      "{{ (.A }} => unexpected \"}}\" at column 8",
      "{{ (.A) .B }} => can't give arguments to non-function (...) at column 4",
      "{{ \"x\" .A }} => can't give arguments to non-function \"x\" at column 4",
      "{{ .A | \"x\" }} => can't give arguments to non-function \"x\" at column 9",
      "{{ print upper }} => function \"upper\" must be in parentheses to be used as an argument at column 10",
      "{{ print # }} => unexpected character '#' at column 10",
      "'a\n{{ uper }}' => unknown function \"uper\" at line 2, column 4",
  })
  void compileErrorsNameTheProblemAndWhere(String source, String message) {
    TemplateException e = catchThrowableOfType(TemplateException.class, () -> Template.compile(source));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo(message);
  }
}
