package com.example.portcullis.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir
  Path dir;

  @Test
  void findsKeysByHash() throws Exception {
    Path f = Files.writeString(dir.resolve("keys.txt"),
        "# comment\n" + DigestUtils.sha256Hex("s3cret") + " ci-bot deploy,read\n");
    KeyFile keys = KeyFile.read("keys_file", f);
    assertThat(keys.find("s3cret").subject()).isEqualTo("ci-bot");
    assertThat(keys.find("s3cret").scopes()).containsExactly("deploy", "read");
    assertThat(keys.find("other")).isNull();
  }

  @Test
  void badLinesNameFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("keys.txt"), "not-a-hash subject\n");
    assertThatThrownBy(() -> KeyFile.read("keys_file", f)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("keys.txt:1");
  }
}
