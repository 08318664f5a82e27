package org.syndicate.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packet vectors of {@code testdata/protocol/README.md} in the shared directory beside the
 * repository (system property {@code shared.dir}, set by the root pom), read in place.
 */
final class Vectors {
  static final Path README =
      Path.of(System.getProperty("shared.dir", "../../shared"), "testdata", "protocol", "README.md");

  /** One case: its heading, the text form and the canonical binary bytes. */
  record Case(String title, String text, byte[] bytes) {}

  static List<Case> load() {
    String md;
    try {
      md = Files.readString(README);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> out = new ArrayList<>();
    Pattern p = Pattern.compile("## (.+?)\\n.*?```\\n(.*?)\\n```\\s*```\\n([0-9a-f]+)\\n```", Pattern.DOTALL);
    Matcher m = p.matcher(md);
    while (m.find()) out.add(new Case(m.group(1).trim(), m.group(2).trim(), HexFormat.of().parseHex(m.group(3))));
    return out;
  }

  private Vectors() {}
}
