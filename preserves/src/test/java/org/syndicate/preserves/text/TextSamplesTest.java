package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;

/**
 * Runs the Preserves sample suite ({@code testdata/preserves/samples.pr}, loaded with {@link
 * TextReader}; see that folder's README) against the text syntax: expectations 5 and 6 for {@code
 * Test} and {@code NondeterministicTest} (compact and indented printing), 20 for {@code
 * ParseError}, 21 for {@code ParseShort}, 22 for {@code ParseEOF}; and checks that parsing
 * samples.pr gives the value of samples.bin, annotations included.
 */
class TextSamplesTest {

  /** @return the shared test-data folder; fails (never skips) when it is missing. */
  static Path sharedDir() {
    String dir = System.getProperty("shared.dir");
    if (dir == null) fail("system property shared.dir is not set (the root pom's Surefire config sets it)");
    Path p = Path.of(dir);
    if (!Files.isDirectory(p)) fail("shared.dir " + p + " is not a directory");
    return p;
  }

  static Path sharedFile(String relative) {
    Path p = sharedDir().resolve(relative);
    if (!Files.isRegularFile(p)) fail("missing test data file " + p);
    return p;
  }

  static Value loadSamplesText() throws IOException {
    Path p = sharedFile("testdata/preserves/samples.pr");
    String text = Files.readString(p, StandardCharsets.UTF_8);
    return TextReader.parse(text, TextReader.Options.DEFAULT.withSourceName(p.toString()));
  }

  static Dictionary cases() throws IOException {
    Value root = loadSamplesText();
    assertThat(root.isRecord("TestCases", 1)).as("samples.pr is <TestCases {...}>").isTrue();
    return (Dictionary) ((RecordValue) root).field(0);
  }

  static String kind(Value testCase) {
    return ((Symbol) ((RecordValue) testCase).label()).name();
  }

  @Test
  void samplesTextEqualsSamplesBinaryWithAnnotations() throws IOException {
    Value fromText = loadSamplesText();
    byte[] bin = Files.readAllBytes(sharedFile("testdata/preserves/samples.bin"));
    Value fromBinary = BinaryReader.decode(bin, BinaryReader.Options.WITH_ANNOTATIONS);
    assertThat(fromText).isEqualTo(fromBinary);
    assertThat(fromText.equalsWithAnnotations(fromBinary))
        .as("samples.pr parsed == samples.bin decoded, annotations included")
        .isTrue();
  }

  @Test
  void allTextExpectations() throws IOException {
    Dictionary cases = cases();
    Map<String, Integer> ran = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    TextWriter.Options compact = TextWriter.Options.DEFAULT;
    TextWriter.Options indented = TextWriter.Options.DEFAULT.withIndent(2);
    for (int i = 0; i < cases.size(); i++) {
      String name = ((Symbol) cases.keys().get(i)).name();
      Value c = cases.values().get(i);
      RecordValue r = (RecordValue) c;
      String k = kind(c);
      try {
        switch (k) {
          case "Test", "NondeterministicTest" -> {
            Value annotated = r.field(1);
            Value stripped = annotated.strip();
            for (TextWriter.Options o : List.of(compact, indented)) {
              // 5. decodeText(encodeText(stripped)) = stripped
              String t5 = TextWriter.toText(stripped, o);
              Value back5 = TextReader.parse(t5);
              if (!back5.equalsWithAnnotations(stripped)) failures.add(name + " (5, indent " + o.indent() + "): " + t5 + " read back as " + back5);
              // 6. decodeText(encodeText(annotatedValue)) = annotatedValue
              String t6 = TextWriter.toText(annotated, o);
              Value back6 = TextReader.parse(t6);
              if (!back6.equalsWithAnnotations(annotated)) failures.add(name + " (6, indent " + o.indent() + "): " + t6 + " read back as " + back6);
            }
            // printing without annotations gives the stripped value
            Value noAnn = TextReader.parse(TextWriter.toText(annotated, compact.withAnnotations(false)));
            if (!noAnn.equalsWithAnnotations(stripped)) failures.add(name + " (annotations off)");
          }
          case "ParseError" -> {
            String text = ((StringValue) r.field(0)).value();
            try {
              Value v = TextReader.parse(text);
              failures.add(name + " (20): parsed " + v);
            } catch (SyntaxError e) {
              // expected
            } catch (PreservesException e) {
              failures.add(name + " (20): expected a syntax error, got " + e);
            }
          }
          case "ParseShort", "ParseEOF" -> {
            String text = ((StringValue) r.field(0)).value();
            try {
              Value v = TextReader.parse(text);
              failures.add(name + ": parsed " + v);
            } catch (EndOfInputException e) {
              boolean wantAtStart = k.equals("ParseEOF");
              if (e.atStart() != wantAtStart) failures.add(name + ": atStart() was " + e.atStart());
            } catch (PreservesException e) {
              failures.add(name + ": expected end of input, got " + e);
            }
          }
          default -> {
            ran.merge(k + " (binary only, skipped here)", 1, Integer::sum);
            continue;
          }
        }
      } catch (PreservesException e) {
        failures.add(name + ": " + e);
      }
      ran.merge(k, 1, Integer::sum);
    }
    System.out.println("TextSamplesTest cases run by kind: " + ran);
    assertThat(failures).isEmpty();
    assertThat(ran)
        .containsEntry("Test", 127)
        .containsEntry("NondeterministicTest", 6)
        .containsEntry("ParseError", 37)
        .containsEntry("ParseShort", 7)
        .containsEntry("ParseEOF", 1);
  }
}
